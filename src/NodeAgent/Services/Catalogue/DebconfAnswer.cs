namespace NodeAgent.Services.Catalogue;

/// <summary>
/// One debconf question answered before the package is installed (<c>debconf-set-selections</c>).
/// A <see cref="Secret"/> answer has no value in the manifest: the installer generates a random one per node,
/// so no package keeps a default password such as icecast2's "hackme".
/// </summary>
/// <param name="Question">Owner package and question, e.g. <c>icecast2/adminpassword</c>.</param>
/// <param name="Type">debconf type: <c>boolean</c>, <c>string</c> or <c>password</c>.</param>
/// <param name="Value">The answer; null when <see cref="Secret"/>.</param>
/// <param name="Secret">Generate a random answer on the node.</param>
public sealed record DebconfAnswer(string Question, string Type, string? Value, bool Secret);
