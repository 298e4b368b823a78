namespace NodeAgent.Contracts.Discovery;

/// <summary>One service published by one node of the community cloud.</summary>
/// <param name="NodeId">The publishing node's permanent id (32 hex digits).</param>
/// <param name="NodeName">The node's name in the cloud (its Serf member name).</param>
/// <param name="Community">The node's community (µcloud); empty when it has joined none.</param>
/// <param name="Addresses">Where the node is reached (its gossip address as the cloud sees it).</param>
/// <param name="Type">DNS-SD style type, e.g. <c>_syncthing._tcp</c>.</param>
/// <param name="Name">Instance name, unique per node and type.</param>
/// <param name="Port">Port the service listens on.</param>
/// <param name="Fields">TXT-record style key/value fields.</param>
/// <param name="Health">Always <c>healthy</c> today: only healthy services are published.</param>
/// <param name="Capacity">The node's spare capacity, as last announced; null when it announced none.</param>
public sealed record ServiceRecord(
    string NodeId,
    string NodeName,
    string Community,
    IReadOnlyList<string> Addresses,
    string Type,
    string Name,
    int Port,
    IReadOnlyDictionary<string, string> Fields,
    string Health,
    SpareCapacity? Capacity);
