using NodeAgent.Configuration;

namespace NodeAgent.Discovery;

/// <summary>What <c>GET /api/v1/search</c> filters on; every filter is optional.</summary>
/// <param name="Type">Exact service type.</param>
/// <param name="Community">Exact community, case-insensitive.</param>
/// <param name="Node">Exact node name or node id.</param>
/// <param name="Text">Case-insensitive text in the name, type, node, community or any field.</param>
internal sealed record SearchQuery(string? Type = null, string? Community = null, string? Node = null, string? Text = null)
{
    public const int MaxTextLength = 100;

    /// <summary>Every problem with the filters, in plain words; empty when they are fine.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (Type is { } type && !ServiceRules.IsValidType(type))
        {
            problems.Add($"'type' {ServiceRules.TypeRule}");
        }
        if (Community is { } community && !Communities.IsValid(community))
        {
            problems.Add($"'community' {Communities.Rule}");
        }
        if (Node is { } node && (node.Length is 0 or > 128 || node.Any(char.IsControl)))
        {
            problems.Add("'node' must be a node name or id of 1-128 printable characters");
        }
        if (Text is { } text && (text.Length is 0 or > MaxTextLength || text.Any(char.IsControl)))
        {
            problems.Add($"'q' must be 1-{MaxTextLength} printable characters");
        }
        return problems;
    }
}
