namespace NodeAgent.Contracts;

/// <summary>An RFC 9457 problem body: every 4xx/5xx answer carries one.</summary>
/// <param name="Title">Short summary of the kind of problem.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="Detail">What was wrong with this request and how to fix it.</param>
/// <param name="Type">Problem type URI; <c>about:blank</c> when the status says it all.</param>
public sealed record Problem(string Title, int Status, string Detail, string Type = "about:blank");
