using System.Net;
using System.Text;
using System.Text.Json;
using NodeAgent.Configuration;

namespace NodeAgent.Discovery.Etcd;

/// <summary>
/// The key layout of NodeAgent records in etcd, and the checks on what is read back. Under the prefix:
/// <list type="bullet">
/// <item><c>nodes/ID</c>: the node (<see cref="EtcdNodeWire"/>); a node is in the cloud while this key exists.</item>
/// <item><c>services/ID/TYPE/NAME</c>: one service (<see cref="ServiceWire"/>, the Serf page's service), NAME
/// percent-encoded (<see cref="Uri.EscapeDataString(string)"/>) and equal to the value's.</item>
/// </list>
/// Every key of a node hangs on the node's one lease. Keys and values from the network are hostile: sizes are capped
/// before parsing, shapes and every service checked with <see cref="ServiceRules"/>, as the Serf pages are.
/// </summary>
internal static class EtcdRecordCodec
{
    public const int WireVersion = 1;

    /// <summary>Largest value accepted (a service is at most <see cref="ServiceRules.MaxRecordBytes"/> encoded).</summary>
    public const int MaxValueBytes = 1024;

    /// <summary>Largest key accepted.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>Most addresses a node may announce.</summary>
    public const int MaxAddresses = 8;

    public const string NodesDir = "nodes/";
    public const string ServicesDir = "services/";

    public static string NodeKey(string prefix, string nodeId) => prefix + NodesDir + nodeId;

    public static string ServiceKey(string prefix, string nodeId, LocalService s) => $"{prefix}{ServicesDir}{nodeId}/{s.Type}/{Uri.EscapeDataString(s.Name)}";

    public static byte[] EncodeNode(EtcdNodeWire node) => JsonSerializer.SerializeToUtf8Bytes(node, DiscoveryWireContext.Default.EtcdNodeWire);

    public static byte[] EncodeService(LocalService s) => JsonSerializer.SerializeToUtf8Bytes(
        new ServiceWire { Type = s.Type, Name = s.Name, Port = s.Port, Fields = s.Fields }, DiscoveryWireContext.Default.ServiceWire);

    /// <summary>
    /// Reads a key under <paramref name="prefix"/>: whether it is a node or a service key, and whose. Null with
    /// <paramref name="error"/> when it follows no layout this agent knows.
    /// </summary>
    public static EtcdRecordKey? TryParseKey(string prefix, ReadOnlySpan<byte> key, out string error)
    {
        if (key.Length > MaxKeyBytes)
        {
            error = $"key of {key.Length} bytes, more than {MaxKeyBytes}";
            return null;
        }
        var text = Encoding.UTF8.GetString(key);
        var rest = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        if (rest is not null && rest.StartsWith(NodesDir, StringComparison.Ordinal))
        {
            var id = rest[NodesDir.Length..];
            error = RecordCodec.NodeIdPattern().IsMatch(id) ? "" : $"node key '{Clip(text)}' does not end in a node id (32 hex digits)";
            return error.Length == 0 ? new EtcdRecordKey(text, id, null, null) : null;
        }
        if (rest is not null && rest.StartsWith(ServicesDir, StringComparison.Ordinal)
            && rest[ServicesDir.Length..].Split('/') is [var node, var type, var name])
        {
            error = !RecordCodec.NodeIdPattern().IsMatch(node) ? $"service key '{Clip(text)}' has no node id (32 hex digits)"
                : !ServiceRules.IsValidType(type) ? $"service key '{Clip(text)}': type '{Clip(type)}' {ServiceRules.TypeRule}"
                : name.Length == 0 ? $"service key '{Clip(text)}' has no instance name"
                : "";
            return error.Length == 0 ? new EtcdRecordKey(text, node, type, name) : null;
        }
        error = $"key '{Clip(text)}' is neither PREFIX{NodesDir}ID nor PREFIX{ServicesDir}ID/TYPE/NAME";
        return null;
    }

    /// <summary>Reads a node value; null with <paramref name="error"/> when it is not one.</summary>
    public static EtcdNodeWire? TryDecodeNode(ReadOnlySpan<byte> value, out string error)
    {
        if (!TryDeserialize(value, DiscoveryWireContext.Default.EtcdNodeWire, "node", out var node, out error))
        {
            return null;
        }
        error = node switch
        {
            null => "node value is JSON null",
            { Version: not WireVersion } => $"node value version {node.Version}; this agent reads {WireVersion}",
            { Name: null } or { Community: null } or { Addresses: null } or { AgentVersion: null } => "node value lacks its name, community, addresses or agent version",
            _ when !NodeNames.IsValid(node.Name) => $"node name '{Clip(node.Name)}' {NodeNames.Rule}",
            _ when node.Community.Length > 0 && !Communities.IsValid(node.Community) => $"community '{Clip(node.Community)}' {Communities.Rule}",
            _ when node.Addresses.Count > MaxAddresses => $"{node.Addresses.Count} addresses; at most {MaxAddresses}",
            _ when node.Addresses.Any(a => a is null || a.Length > 45 || !IPAddress.TryParse(a, out _)) => "an address is not an IP address",
            _ when !TagSummary.VersionPattern().IsMatch(node.AgentVersion) => $"agent version '{Clip(node.AgentVersion)}' is not a version",
            _ when node.Capacity is { } r && TagSummary.ParseCapacity(r) is null => $"capacity '{Clip(r)}' is not MEM,DISK,LOAD",
            _ => "",
        };
        return error.Length == 0 ? node : null;
    }

    /// <summary>Reads a service value stored under <paramref name="key"/>; null with <paramref name="error"/> when it is not one.</summary>
    public static LocalService? TryDecodeService(EtcdRecordKey key, ReadOnlySpan<byte> value, out string error)
    {
        if (!TryDeserialize(value, DiscoveryWireContext.Default.ServiceWire, "service", out var s, out error))
        {
            return null;
        }
        if (s is null || s.Type is null || s.Name is null || s.Fields is null || s.Fields.Values.Any(v => v is null))
        {
            error = "service value lacks its type, name or fields";
            return null;
        }
        var problems = ServiceRules.Check(s.Type, s.Name, s.Port, s.Fields);
        error = problems.Count > 0 ? $"bad service: {problems[0]}"
            : s.Type != key.Type || Uri.EscapeDataString(s.Name) != key.Name ? $"service value names {s.Type} '{Clip(s.Name)}', its key another"
            : "";
        return error.Length == 0 ? new LocalService(s.Type, s.Name, s.Port, new SortedDictionary<string, string>(s.Fields.ToDictionary(), StringComparer.Ordinal)) : null;
    }

    private static bool TryDeserialize<T>(ReadOnlySpan<byte> value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what, out T? result, out string error)
    {
        result = default;
        if (value.Length > MaxValueBytes)
        {
            error = $"value of {value.Length} bytes, more than {MaxValueBytes}";
            return false;
        }
        try
        {
            result = JsonSerializer.Deserialize(value, type);
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = $"value is not a {what} record: {e.Message}";
            return false;
        }
    }

    private static string Clip(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 60), "…");
}

/// <summary>A key of the layout (<see cref="EtcdRecordCodec"/>): a node key when <see cref="Type"/> is null.</summary>
/// <param name="Key">The whole key.</param>
/// <param name="NodeId">Whose it is.</param>
/// <param name="Type">A service key's type.</param>
/// <param name="Name">A service key's instance name, percent-encoded as in the key.</param>
internal sealed record EtcdRecordKey(string Key, string NodeId, string? Type, string? Name)
{
    public bool IsNode => Type is null;
}
