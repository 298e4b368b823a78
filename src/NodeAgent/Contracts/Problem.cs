namespace NodeAgent.Contracts;

/// <summary>An RFC 9457 problem body: every 4xx/5xx answer carries one.</summary>
/// <param name="Title">Short summary of the kind of problem.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="Detail">What was wrong with this request and how to fix it.</param>
/// <param name="Type">Problem type URI; <c>about:blank</c> when the status says it all.</param>
/// <param name="Errors">For a rejected body: each problem with the field it is about (e.g. <c>services[1].port</c>), so a form can show it there.</param>
public sealed record Problem(string Title, int Status, string Detail, string Type = "about:blank", IReadOnlyList<FieldProblem>? Errors = null);

/// <summary>One problem of a request body.</summary>
/// <param name="Field">JSON path of the field, e.g. <c>guifiNode</c>, <c>discovery.etcd.endpoints[0]</c>; empty when about the whole body.</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record FieldProblem(string Field, string Message);
