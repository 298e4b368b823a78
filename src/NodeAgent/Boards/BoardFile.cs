namespace NodeAgent.Boards;

/// <summary>The text of one board profile and where it came from.</summary>
/// <param name="Origin">Path, or <c>built-in:NAME</c> for a profile compiled into the binary; errors name it.</param>
/// <param name="FileName">File name; the profile id must equal it without <c>.json</c>.</param>
/// <param name="Json">File contents.</param>
internal sealed record BoardFile(string Origin, string FileName, string Json);
