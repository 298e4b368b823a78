using System.Text;
using NodeAgent.Services;
using NodeAgent.Tests.Boards;

namespace NodeAgent.Tests.Services;

/// <summary>
/// The cached bookworm rootfs: <c>NODEAGENT_TEST_ROOTFS</c> when set (tests/run.sh builds it first and sets it),
/// else whatever <c>tests/scripts/nspawn-rootfs.sh</c> prints, building it if needed (≈40 s once, from the mirror
/// in this host's apt sources).
/// </summary>
internal static class NspawnRootfs
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _path;

    public static async Task<string> PathAsync()
    {
        await Once.WaitAsync().ConfigureAwait(false);
        try
        {
            return _path ??= await FindAsync().ConfigureAwait(false);
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task<string> FindAsync()
    {
        string? given = Environment.GetEnvironmentVariable("NODEAGENT_TEST_ROOTFS");
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(Path.Join(given, ".complete"))
                ? given
                : throw new InvalidOperationException($"NODEAGENT_TEST_ROOTFS={given} is not a finished rootfs (no .complete); run tests/scripts/nspawn-rootfs.sh");
        }

        string script = Path.Join(RepositoryFiles.Root, "tests", "scripts", "nspawn-rootfs.sh");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int exit = await CommandHost.Local.RunAsync(script, [], l => output.AppendLine(l), l => errors.AppendLine(l), CancellationToken.None).ConfigureAwait(false);
        return exit == 0
            ? output.ToString().Trim()
            : throw new InvalidOperationException($"{script} failed ({exit}):\n{errors}");
    }
}
