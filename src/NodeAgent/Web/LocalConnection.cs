using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NodeAgent.Web;

/// <summary>
/// Marks connections that arrive on the CLI's Unix socket. Whoever can open that socket passed its
/// file permissions (owner and group of the agent), so it is the local owner's door: changes that
/// need an owner are accepted there as from a signed-in session (see <see cref="AccessPolicy"/>).
/// </summary>
internal static class LocalConnection
{
    private static readonly object Key = new();

    /// <summary>Tags every connection accepted by this listener as local.</summary>
    public static void Tag(ListenOptions listen) =>
        listen.Use(next => connection =>
        {
            connection.Items[Key] = Key;
            return next(connection);
        });

    public static bool IsLocal(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
}
