namespace NodeAgent.Net;

/// <summary>A complete answer read by <see cref="Http1Client.SendAsync"/>: any status (errors are answers too), headers and the whole body.</summary>
internal sealed class Http1Response(Http1ResponseHead head, byte[] body)
{
    /// <summary>The status code.</summary>
    public int Status => head.Status;

    /// <summary>The reason phrase (informative only).</summary>
    public string Reason => head.Reason;

    /// <summary>The headers in the order received (trailers are read and dropped).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => head.Headers;

    /// <summary>The body, de-chunked.</summary>
    public byte[] Body { get; } = body;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and <= 299;

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name) => head.GetHeader(name);
}
