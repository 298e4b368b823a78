namespace NodeAgent.Contracts.Discovery;

/// <summary>Answer to <c>POST /api/v1/cloud/nodes/{id}/identify</c>: the request went out to the cloud.</summary>
/// <param name="NodeId">The node asked.</param>
/// <param name="NodeName">Its name as the cloud view knows it.</param>
/// <param name="Via">The backend that carried it (<c>serf</c>).</param>
public sealed record CloudIdentify(string NodeId, string NodeName, string Via);
