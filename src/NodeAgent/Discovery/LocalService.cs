namespace NodeAgent.Discovery;

/// <summary>A service this node runs, as it is published: validated by <see cref="ServiceRules"/>.</summary>
/// <param name="Type">DNS-SD style type, e.g. <c>_syncthing._tcp</c>.</param>
/// <param name="Name">Instance name, unique per type on this node.</param>
/// <param name="Port">Port it listens on.</param>
/// <param name="Fields">TXT-record style fields, keys in ordinal order.</param>
internal sealed record LocalService(string Type, string Name, int Port, IReadOnlyDictionary<string, string> Fields);
