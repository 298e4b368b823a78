namespace NodeAgent.Resources;

/// <summary>One Prometheus label; a null value means "leave the label out".</summary>
internal readonly record struct Label(string Name, string? Value);
