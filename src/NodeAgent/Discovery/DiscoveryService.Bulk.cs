using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

internal sealed partial class DiscoveryService
{
    /// <summary>Below this many stale nodes, one query per node is as quick and asks nobody else.</summary>
    private const int BulkThreshold = 4;

    /// <summary>
    /// Fetches many record sets with one query: page 0 asked of every node at once (after a connect, a joined
    /// cloud is entirely stale). One query per node meant ~100 gossip broadcasts for 100 nodes, ≈5 s through eight
    /// fetchers; one broadcast answered by all takes one round. Answers that hold a whole set with the announced
    /// digest are taken (checked like any other); nodes with more pages, a bad answer or none are left to the
    /// per-node fetchers. Returns those not settled here.
    /// </summary>
    private async Task<List<FetchRequest>> BulkFetchAsync(ISerfClient client, List<FetchRequest> due, CancellationToken token)
    {
        var waiting = new Dictionary<string, FetchRequest>(due.Count, StringComparer.Ordinal);
        foreach (var request in due)
        {
            waiting[request.Node] = request;
        }
        var query = new SerfQueryOptions { Timeout = timings.QueryTimeout };
        try
        {
            await foreach (var record in client.QueryAsync(RecordRequest.QueryName, RecordRequest.Encode(0), query, token).ConfigureAwait(false))
            {
                if (record.Kind != SerfQueryRecordKind.Response || !waiting.TryGetValue(record.From, out var request))
                {
                    continue;
                }
                var page = RecordCodec.TryDecodePage(record.Payload, out var error);
                if (page is null || page.Page != 0 || page.Pages != 1 || page.Digest != request.Digest)
                {
                    continue; // the node's own fetch will ask (and judge) it again
                }
                var records = RecordCodec.TryAssemble([page], request.NodeId, request.Digest, out error);
                if (records is null)
                {
                    continue;
                }
                status.Fetched(true);
                view.SetRecords(request, records);
                waiting.Remove(record.From);
                if (waiting.Count == 0)
                {
                    break; // everyone answered: no need to sit out the query's timeout
                }
            }
        }
        catch (SerfException e) when (e.AgentError is not null)
        {
            Log.BulkRefused(logger, e.Message);
        }
        return [.. waiting.Values];
    }
}
