using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>Writes a request body after its header.</summary>
internal delegate void SerfBodyWriter(ref MessagePackWriter writer);
