using NodeAgent.Discovery;
using NodeAgent.Discovery.Serf;
using NodeAgent.Tests.Discovery.Serf;

namespace NodeAgent.Tests.Discovery;

/// <summary>
/// Publishes a record set on one real Serf agent the way a NodeAgent does (tags, then answers to
/// <c>nodeagent-records</c> queries, a <see cref="RecordNotice"/> after each change), without a whole agent: this is how tests get 100 publishing nodes.
/// <paramref name="answer"/> replaces the honest answer to play a hostile node.
/// </summary>
internal sealed class RecordPublisher : IAsyncDisposable
{
    private readonly SerfRpcClient _client;
    private readonly SerfEventStream _stream;
    private readonly Func<RecordPages, SerfQueryEvent, byte[]?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile RecordPages _pages;

    private RecordPublisher(SerfRpcClient client, SerfEventStream stream, RecordPages pages, Func<RecordPages, SerfQueryEvent, byte[]?> answer)
    {
        _client = client;
        _stream = stream;
        _pages = pages;
        _answer = answer;
        _loop = Task.Run(AnswerAsync);
    }

    public string NodeId => _pages.NodeId;

    public int Answered { get; private set; }

    public static string NewNodeId() => Guid.NewGuid().ToString("N");

    public static async Task<RecordPublisher> StartAsync(
        SerfAgentProcess agent, IReadOnlyList<LocalService> services, string community = "",
        Func<RecordPages, SerfQueryEvent, byte[]?>? answer = null, Func<NodeSummary, Dictionary<string, string>>? tags = null, string? nodeId = null,
        bool notify = true)
    {
        var client = await SerfRpcClient.ConnectAsync(agent.RpcEndpoint);
        var stream = await client.StreamAsync("query:" + RecordRequest.QueryName);
        var pages = RecordCodec.Paginate(nodeId ?? NewNodeId(), services);
        var publisher = new RecordPublisher(client, stream, pages, answer ?? RecordResponder.Answer) { Community = community, Tags = tags ?? TagSummary.Build, Notify = notify };
        await publisher.PublishAsync();
        return publisher;
    }

    private string Community { get; init; } = "";

    private Func<NodeSummary, Dictionary<string, string>> Tags { get; init; } = TagSummary.Build;

    /// <summary>Whether each change is followed by a <see cref="RecordNotice"/>, as the agent does.</summary>
    private bool Notify { get; init; } = true;

    public async Task SetServicesAsync(IReadOnlyList<LocalService> services)
    {
        _pages = RecordCodec.Paginate(_pages.NodeId, services);
        await PublishAsync();
    }

    private async Task PublishAsync()
    {
        var tags = Tags(new NodeSummary("0.1.0", _pages.NodeId, Community, _pages.Digest, _pages.Count, null));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.SetTagsAsync(tags);
                break;
            }
            catch (SerfException e) when (attempt < 3 && e.AgentError == "timeout waiting for update broadcast")
            {
                // Dozens of agents changing tags at once fill Serf's broadcast queue; the tags are set locally and
                // spread anyway. The agent's own publisher retries the same way (every CheckInterval).
            }
        }
        if (Notify)
        {
            await _client.UserEventAsync(RecordNotice.EventName, new RecordNotice(_pages.NodeId, _pages.Digest).Encode(), coalesce: false);
        }
    }

    private async Task AnswerAsync()
    {
        try
        {
            await foreach (var e in _stream.ReadAllAsync(_stop.Token))
            {
                if (e is SerfQueryEvent query && _answer(_pages, query) is { } payload)
                {
                    try
                    {
                        await _client.RespondAsync(query.Id, payload);
                        Answered++;
                    }
                    catch (SerfException e2) when (e2.AgentError is not null)
                    {
                        // An oversized hostile answer is refused by the publisher's own agent: nothing reaches the asker.
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SerfException)
        {
            // Stopped, or the agent went away (a killed node).
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _client.DisposeAsync();
        _stop.Dispose();
    }
}
