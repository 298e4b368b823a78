using System.ComponentModel;
using System.Text;

namespace NodeAgent.Services.Packages;

/// <summary>Whether a package is installed, from dpkg's own database (<c>dpkg-query -W -f='${Status}'</c>).</summary>
public sealed class DpkgStatus(CommandHost host)
{
    /// <summary>
    /// True when dpkg says the package is installed (<c>install ok installed</c>, or held); false when it is unknown,
    /// removed, or only its configuration files remain.
    /// </summary>
    /// <exception cref="ArgumentException">Not a Debian package name.</exception>
    /// <exception cref="AptException">dpkg-query is missing or failed for another reason.</exception>
    public async Task<bool> IsInstalledAsync(string package, CancellationToken cancellationToken = default)
    {
        DebianPackageName.Validate(package);
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int exitCode;
        try
        {
            exitCode = await host.RunAsync(
                "dpkg-query", ["-W", "-f=${Status}", "--", package],
                line => output.Append(line), line => errors.AppendLine(line), cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new AptException($"cannot ask dpkg about {package}: dpkg-query could not be started ({e.Message})", e);
        }

        // Exit 1 with "no packages found matching": dpkg has never heard of it.
        if (exitCode == 1 && errors.ToString().Contains("no packages found", StringComparison.Ordinal))
        {
            return false;
        }

        if (exitCode != 0)
        {
            throw new AptException($"dpkg-query about {package} failed (exit {exitCode}): {errors.ToString().Trim()}");
        }

        // Status is "WANT FLAG STATE", e.g. "install ok installed", "deinstall ok config-files".
        string[] status = output.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return status.Length == 3 && status[2] == "installed";
    }
}
