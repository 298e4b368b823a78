using System.Globalization;

namespace NodeAgent.Configuration;

/// <summary>
/// guifi.net node ids: the positive number in a node's page address (<c>https://guifi.net/node/NNNN</c>), which the
/// community's tools use to link a NodeAgent to its entry in guifi.net's database.
/// </summary>
internal static class GuifiNodes
{
    public const string Rule = "must be a guifi.net node id: a whole number from 1 to 2147483647, the number in the node's page address guifi.net/node/NNNN";

    /// <summary>The record field that carries the id (a <see cref="Discovery.ServiceRules"/> key).</summary>
    public const string Field = "guifi_node";

    public static bool TryParse(string text, out int id) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
