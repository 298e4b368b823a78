namespace NodeAgent.Boards;

/// <summary>
/// Picks the board profile: the configured one if it exists; else the best match of the device-tree
/// model, then the device-tree compatible list, then the DMI product name; else the architecture's
/// fallback profile. Pure: the caller reads the hardware (<see cref="HardwareIdentity.Read"/>).
/// </summary>
internal static class BoardDetector
{
    public static BoardChoice Choose(BoardCatalog catalog, string? configuredId, HardwareIdentity hardware, BoardArch arch)
    {
        string? problem = null;
        if (!string.IsNullOrWhiteSpace(configuredId))
        {
            if (catalog.Find(configuredId) is { } configured)
            {
                return new BoardChoice(configured, $"configured: Node:Board is '{configuredId}'");
            }
            problem = $"Node:Board names board '{configuredId}', which is not among the profiles ({string.Join(", ", catalog.Ids)}); "
                + "fix the name or remove it to detect the board";
        }
        var detected = Detect(catalog, hardware, arch);
        return problem is null ? detected : detected with { Reason = $"{detected.Reason} (Node:Board '{configuredId}' is unknown)", Problem = problem };
    }

    /// <summary>Choose on this machine: the installed profiles, the hardware under <paramref name="hostRoot"/>, this process's architecture.</summary>
    public static BoardChoice ChooseHere(string? configuredId, string hostRoot) =>
        Choose(BoardCatalog.LoadDefault(), configuredId, HardwareIdentity.Read(hostRoot), ThisArch);

    /// <summary>The architecture this binary runs on.</summary>
    public static BoardArch ThisArch => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64 ? BoardArch.Amd64 : BoardArch.Arm64;

    private static BoardChoice Detect(BoardCatalog catalog, HardwareIdentity hardware, BoardArch arch)
    {
        if (hardware.DeviceTreeModel is { } model
            && Best(catalog, model, d => d.DeviceTreeModels, ignoreCase: false) is { } byModel)
        {
            return new BoardChoice(byModel.Profile, $"device-tree model '{model}' matches '{byModel.Pattern}'");
        }
        foreach (var compatible in hardware.DeviceTreeCompatible)
        {
            if (Best(catalog, compatible, d => d.DeviceTreeCompatibles, ignoreCase: false) is { } byCompatible)
            {
                return new BoardChoice(byCompatible.Profile, $"device-tree compatible '{compatible}' matches '{byCompatible.Pattern}'");
            }
        }
        if (hardware.DmiProductName is { } product
            && Best(catalog, product, d => d.DmiProductNames, ignoreCase: true) is { } byDmi)
        {
            return new BoardChoice(byDmi.Profile, $"DMI product '{product}' matches '{byDmi.Pattern}'");
        }
        var fallback = catalog.Profiles.FirstOrDefault(p => p.Detection.Fallback && p.Arch == arch);
        var what = hardware.Describe();
        return fallback is null
            ? new BoardChoice(null, $"no profile matches {what} and none is the fallback for {Name(arch)}")
            : new BoardChoice(fallback, $"no profile matches {what}; {fallback.Id} is the fallback for {Name(arch)}");
    }

    private static (BoardProfile Profile, string Pattern)? Best(
        BoardCatalog catalog, string value, Func<BoardDetection, IReadOnlyList<string>> patterns, bool ignoreCase)
    {
        (BoardProfile Profile, string Pattern)? best = null;
        foreach (var profile in catalog.Profiles)
        {
            foreach (var pattern in patterns(profile.Detection))
            {
                // The catalog is sorted by id, so among equally literal patterns the choice is stable.
                if (BoardPattern.Matches(pattern, value, ignoreCase)
                    && (best is null || BoardPattern.Specificity(pattern) > BoardPattern.Specificity(best.Value.Pattern)))
                {
                    best = (profile, pattern);
                }
            }
        }
        return best;
    }

    private static string Name(BoardArch arch) => arch == BoardArch.Amd64 ? "amd64" : "arm64";
}
