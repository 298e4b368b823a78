using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Discovery;
using NodeAgent.Discovery;

namespace NodeAgent.Web;

/// <summary><c>/api/v1/search</c>, <c>/api/v1/cloud/stats</c>, the <c>/api/v1/cloud/changes</c> event stream and identify through the cloud.</summary>
internal static class DiscoveryEndpoints
{
    /// <summary>A comment line this often keeps idle proxies from closing the stream and finds vanished clients.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/search", Search);
        api.MapGet("/cloud/stats", ([FromServices] DiscoveryBackends backends, [FromServices] TimeProvider time) =>
        {
            return TypedResults.Json(CloudSearch.Stats(Snapshot(backends.Readers), [.. backends.Statuses.Select(s => s.State())], time.GetUtcNow()), AgentJsonContext.Default.CloudStats);
        });
        api.MapGet("/cloud/changes", ChangesAsync);
        api.MapPost("/cloud/nodes/{id}/identify", IdentifyAsync);
    }

    /// <summary>Asks another node of the cloud (or this one) to show itself on its LED, through Serf.</summary>
    private static async Task<IResult> IdentifyAsync(
        string id, [FromServices] DiscoveryBackends backends, CancellationToken cancellationToken)
    {
        if (!RecordCodec.NodeIdPattern().IsMatch(id))
        {
            return Problems.BadRequest($"'{Clip(id)}' is not a node id: 32 lower-case hex digits, as search results give them");
        }
        if (backends.Serf is not { } serf)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Conflict", "identifying another node goes through Serf, and Serf discovery is off (Discovery:Serf:Enabled)");
        }
        var node = Snapshot(backends.Readers).FirstOrDefault(n => n.Source == CloudView.Source && n.NodeId == id);
        if (node is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", $"no node {id} in this node's view of the Serf cloud");
        }
        return await serf.AskIdentifyAsync(id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Json(new CloudIdentify(id, node.Name, CloudView.Source), AgentJsonContext.Default.CloudIdentify, statusCode: StatusCodes.Status202Accepted)
            : Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "not connected to the Serf agent; try again when discovery is up");
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>What every enabled backend knows now, Serf first (it wins where they disagree).</summary>
    private static List<BackendNode> Snapshot(IEnumerable<IDiscoveryBackend> backends)
    {
        var nodes = new List<BackendNode>();
        foreach (var backend in backends)
        {
            backend.Collect(nodes);
        }
        return nodes;
    }

    private static IResult Search(HttpRequest request, [FromServices] DiscoveryBackends backends)
    {
        var problems = new List<string>();
        foreach (var key in request.Query.Keys)
        {
            if (key is not ("type" or "community" or "node" or "q"))
            {
                problems.Add($"'{key}' is not a search parameter; use type, community, node and q");
            }
            else if (request.Query[key].Count > 1)
            {
                problems.Add($"'{key}' is given more than once");
            }
        }
        var query = new SearchQuery(One(request, "type"), One(request, "community"), One(request, "node"), One(request, "q"));
        problems.AddRange(query.Problems());
        return problems.Count > 0
            ? Problems.BadRequest(string.Join("; ", problems))
            : TypedResults.Json(CloudSearch.Search(Snapshot(backends.Readers), query), AgentJsonContext.Default.IReadOnlyListSearchResult);
    }

    private static string? One(HttpRequest request, string key) => request.Query.TryGetValue(key, out var v) ? v.ToString() : null;

    /// <summary>Server-Sent Events, one <c>change</c> event per <see cref="Contracts.Discovery.CloudChange"/>, until the client goes or the agent stops.</summary>
    private static async Task ChangesAsync(HttpContext context, ChangeHub changes, IHostApplicationLifetime lifetime)
    {
        var reader = changes.Subscribe();
        if (reader is null)
        {
            await Problems.Create(StatusCodes.Status503ServiceUnavailable, "Too many listeners",
                $"{ChangeHub.MaxSubscribers} clients already follow the changes; close one and retry").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync(": nodeagent cloud changes\n\n", stop.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            while (true)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                tick.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", stop.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                    continue;
                }
                if (!more)
                {
                    break;
                }
                while (reader.TryRead(out var change))
                {
                    await response.WriteAsync("event: change\ndata: ", stop.Token).ConfigureAwait(false);
                    await JsonSerializer.SerializeAsync(response.Body, change, AgentJsonContext.Default.CloudChange, stop.Token).ConfigureAwait(false);
                    await response.WriteAsync("\n\n", stop.Token).ConfigureAwait(false);
                }
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            // The hub ended this subscription: the agent stops, or this client fell too far behind.
            await response.WriteAsync("event: end\ndata: {}\n\n", CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away or the agent is stopping: the response simply ends.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            await response.WriteAsync("event: overflow\ndata: {}\n\n", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            changes.Unsubscribe(reader);
        }
    }
}
