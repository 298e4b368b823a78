namespace NodeAgent.Configuration;

/// <summary>Every problem found in the configuration, reported together so one edit can fix them all.</summary>
internal sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception("The configuration has problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
