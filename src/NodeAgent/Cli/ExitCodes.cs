namespace NodeAgent.Cli;

/// <summary>Exit codes, after sysexits(3), so scripts and systemd can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int Unavailable = 69;
    public const int Software = 70;
    public const int Configuration = 78;
}
