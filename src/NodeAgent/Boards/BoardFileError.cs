namespace NodeAgent.Boards;

/// <summary>A board file that was skipped, and every reason why.</summary>
/// <param name="Origin">The file.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
internal sealed record BoardFileError(string Origin, string Message)
{
    public override string ToString() => $"{Origin}: {Message}";
}
