namespace NodeAgent.Services.Catalogue;

/// <summary>One thing wrong in a manifest: where (a JSON path such as <c>$.limits.memoryMaxMb</c>) and what to write instead.</summary>
/// <param name="Path">JSON path of the offending value, or <c>$</c> for the whole file.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ManifestProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A manifest file that was skipped, with every problem found in it (so one edit can fix them all).</summary>
/// <param name="Origin">The file (<c>built-in:NAME.json</c> or a path).</param>
/// <param name="Problems">What is wrong, in file order where the reader can tell.</param>
public sealed record ManifestFileError(string Origin, IReadOnlyList<ManifestProblem> Problems)
{
    public override string ToString() => $"{Origin}: {string.Join("; ", Problems)}";
}
