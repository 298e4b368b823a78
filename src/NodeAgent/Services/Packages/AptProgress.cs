namespace NodeAgent.Services.Packages;

/// <summary>Which part of an apt run a progress report is about.</summary>
public enum AptPhase
{
    /// <summary>Fetching packages (<c>dlstatus</c>).</summary>
    Download,
    /// <summary>dpkg unpacking, configuring or removing (<c>pmstatus</c>): the system is being changed.</summary>
    Install,
}

/// <summary>One progress report of an apt run, as apt's status descriptor says it.</summary>
/// <param name="Phase">Download or install.</param>
/// <param name="Percent">0-100 within the phase.</param>
/// <param name="Package">The package apt is working on, if it says.</param>
/// <param name="Message">apt's words, e.g. "Unpacking hello (amd64)".</param>
public sealed record AptProgress(AptPhase Phase, double Percent, string? Package, string Message)
{
    /// <summary>
    /// The whole run as one 0-100 figure: downloading is the first half, dpkg's work the second. (A run with
    /// nothing to download starts at 50.)
    /// </summary>
    public double OverallPercent => Phase == AptPhase.Download ? Percent / 2 : 50 + (Percent / 2);
}
