using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>Reads a reply body (one whole msgpack object, already bounded by the frame reader).</summary>
internal delegate T SerfBodyReader<out T>(ref MessagePackReader reader);
