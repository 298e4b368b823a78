namespace NodeAgent.Services.Catalogue;

/// <summary>A system user (no login, no password) to create before the unit starts.</summary>
/// <param name="Name">User and group name.</param>
/// <param name="Home">Its home, where the service keeps its data.</param>
public sealed record SystemUser(string Name, string Home);
