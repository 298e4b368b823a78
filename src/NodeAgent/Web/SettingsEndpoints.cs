using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Contracts;
using NodeAgent.Hosting;
using NodeAgent.Storage;

namespace NodeAgent.Web;

/// <summary><c>GET/PUT /api/v1/settings</c>: the owner's settings, validated whole and saved all or nothing.</summary>
internal static class SettingsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/settings", (NodeContext node) => TypedResults.Json(node.Settings, AgentJsonContext.Default.NodeSettings));
        api.MapPut("/settings", Update);
    }

    private static async Task<IResult> Update(HttpContext context, NodeContext node, Discovery.DiscoveryBackends backends)
    {
        if (!AccessPolicy.IsOwner(context))
        {
            return Problems.Forbidden("settings can only be changed by the node's owner: sign in, or use `nodeagent settings` on the node");
        }
        SettingsUpdate? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentJsonContext.Default.SettingsUpdate, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"the body is not a settings object: {e.Message}");
        }
        if (update is null || update.IsEmpty)
        {
            return Problems.BadRequest("send a JSON object with 'name', 'community', 'lanReadOnly', 'guifiNode', 'services' and/or 'discovery'");
        }
        var problems = new List<FieldProblem>();
        try
        {
            if (node.Update(update, problems) is not { } settings)
            {
                return Problems.Invalid(problems);
            }
            if (update.Discovery is not null)
            {
                // Answer once the backends run as saved. Not cancelled with the request: a backend half replaced
                // would leave the node unpublished until the next change.
                await backends.ApplyAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return TypedResults.Json(settings, AgentJsonContext.Default.NodeSettings);
        }
        catch (StoreException e)
        {
            return Problems.Create(StatusCodes.Status507InsufficientStorage, "Not saved", $"{e.Message}; nothing was changed");
        }
    }
}
