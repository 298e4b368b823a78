namespace NodeAgent.Discovery.Serf;

/// <summary>A range of protocol versions a member speaks and the one it uses.</summary>
internal readonly record struct SerfProtocolVersions(byte Min, byte Max, byte Current);
