using MessagePack;

namespace NodeAgent.Discovery.Serf;

internal sealed partial class SerfRpcClient
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SerfMember>> MembersAsync(CancellationToken cancellationToken = default) =>
        CallAsync("members", null, ReadMembers, bodyOnError: false, noBody: [], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SerfMember>> MembersFilteredAsync(
        IReadOnlyDictionary<string, string>? tags = null, string? status = null, string? name = null, CancellationToken cancellationToken = default) =>
        CallAsync("members-filtered", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("Tags");
            WriteStringMap(ref w, tags);
            w.Write("Status");
            w.Write(status ?? "");
            w.Write("Name");
            w.Write(name ?? "");
        }, ReadMembers, bodyOnError: false, noBody: [], cancellationToken);

    /// <inheritdoc />
    public Task SetTagsAsync(IReadOnlyDictionary<string, string> set, IReadOnlyCollection<string>? delete = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return CallAsync("tags", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("Tags");
            WriteStringMap(ref w, set);
            w.Write("DeleteTags");
            WriteStrings(ref w, delete);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UserEventAsync(string name, ReadOnlyMemory<byte> payload, bool coalesce, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync("event", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("Name");
            w.Write(name);
            w.Write("Payload");
            w.Write(payload.Span);
            w.Write("Coalesce");
            w.Write(coalesce);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RespondAsync(ulong queryId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        CallAsync("respond", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("ID");
            w.Write(queryId);
            w.Write("Payload");
            w.Write(payload.Span);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> JoinAsync(IReadOnlyList<string> addresses, bool replay = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return CallAsync("join", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("Existing");
            WriteStrings(ref w, addresses);
            w.Write("Replay");
            w.Write(replay);
        }, static (ref MessagePackReader r) => SerfRecordDecoder.ReadJoinReply(ref r), bodyOnError: true, noBody: 0, cancellationToken);
    }

    /// <inheritdoc />
    public Task LeaveAsync(CancellationToken cancellationToken = default) => CallAsync("leave", null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> StatsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(
            "stats",
            null,
            static (ref MessagePackReader r) => SerfRecordDecoder.ReadStats(ref r),
            bodyOnError: false,
            noBody: (IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>)new Dictionary<string, IReadOnlyDictionary<string, string>>(),
            cancellationToken);

    private IReadOnlyList<SerfMember> ReadMembers(ref MessagePackReader reader) => SerfRecordDecoder.ReadMembersReply(ref reader, _options);

    private static void WriteStringMap(ref MessagePackWriter writer, IReadOnlyDictionary<string, string>? map)
    {
        writer.WriteMapHeader(map?.Count ?? 0);
        foreach (var (key, value) in map ?? new Dictionary<string, string>())
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static void WriteStrings(ref MessagePackWriter writer, IReadOnlyCollection<string>? values)
    {
        writer.WriteArrayHeader(values?.Count ?? 0);
        foreach (var value in values ?? [])
        {
            writer.Write(value);
        }
    }
}
