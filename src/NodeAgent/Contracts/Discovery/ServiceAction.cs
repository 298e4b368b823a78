namespace NodeAgent.Contracts.Discovery;

/// <summary>What a person who found a service does with it, filled in for the node that runs it.</summary>
/// <param name="Kind"><c>open-url</c> (open <paramref name="Target"/> in a browser) or <c>connect-client</c>.</param>
/// <param name="Target">The URL (http or https only) or the address to give the client.</param>
/// <param name="Client">connect-client: the client program, e.g. "Syncthing".</param>
public sealed record ServiceAction(string Kind, string Target, string? Client);
