namespace NodeAgent.Boards;

/// <summary>What the hardware says it is: the strings <see cref="BoardDetector"/> matches profiles against.</summary>
/// <param name="DeviceTreeModel"><c>/proc/device-tree/model</c>, or null where there is no device tree or no model.</param>
/// <param name="DeviceTreeCompatible">The entries of <c>/proc/device-tree/compatible</c>, most specific first.</param>
/// <param name="DmiProductName"><c>/sys/class/dmi/id/product_name</c>, or null without DMI.</param>
internal sealed record HardwareIdentity(string? DeviceTreeModel, IReadOnlyList<string> DeviceTreeCompatible, string? DmiProductName)
{
    /// <summary>Reads the three sources under <paramref name="hostRoot"/> ("/" on a node, a fixture tree in tests).</summary>
    public static HardwareIdentity Read(string hostRoot)
    {
        var model = ReadText(Path.Join(hostRoot, "proc/device-tree/model"));
        var compatible = ReadText(Path.Join(hostRoot, "proc/device-tree/compatible"));
        var product = ReadText(Path.Join(hostRoot, "sys/class/dmi/id/product_name"));
        return new HardwareIdentity(
            Clean(model),
            compatible is null ? [] : compatible.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Clean(product));
    }

    /// <summary>One line for logs and the API.</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (DeviceTreeModel is not null)
        {
            parts.Add($"device-tree model '{DeviceTreeModel}'");
        }
        if (DeviceTreeCompatible.Count > 0)
        {
            parts.Add($"device-tree compatible '{string.Join(", ", DeviceTreeCompatible)}'");
        }
        if (DmiProductName is not null)
        {
            parts.Add($"DMI product '{DmiProductName}'");
        }
        return parts.Count == 0 ? "no device tree and no DMI product name" : string.Join("; ", parts);
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent on most machines: x86 has no device tree, many ARM boards no DMI.
            return null;
        }
    }

    // Device-tree strings end in NUL; DMI values in a newline; firmware sometimes pads with spaces.
    private static string? Clean(string? value) =>
        value?.Trim('\0', ' ', '\n', '\r', '\t') is { Length: > 0 } v ? v : null;
}
