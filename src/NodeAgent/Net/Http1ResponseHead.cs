namespace NodeAgent.Net;

/// <summary>The status line and headers of one answer, with the framing facts the body reader needs.</summary>
internal sealed record Http1ResponseHead(
    int Status,
    string Reason,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    long? ContentLength,
    bool Chunked,
    bool KeepAlive)
{
    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }
}
