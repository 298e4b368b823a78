namespace NodeAgent.Boards;

/// <summary>
/// Patterns that recognise a board. <c>*</c> matches any run of characters and <c>?</c> one character;
/// device-tree strings match case-sensitively, DMI names case-insensitively (firmware vendors vary the case).
/// </summary>
public sealed record BoardDetection
{
    /// <summary>Free-text remark for people editing the file.</summary>
    public string? Note { get; set; }

    /// <summary>Patterns for <c>/proc/device-tree/model</c>.</summary>
    public IReadOnlyList<string> DeviceTreeModels { get; set; } = [];

    /// <summary>Patterns for any entry of <c>/proc/device-tree/compatible</c> (QEMU's virt machine has no model).</summary>
    public IReadOnlyList<string> DeviceTreeCompatibles { get; set; } = [];

    /// <summary>Patterns for <c>/sys/class/dmi/id/product_name</c>.</summary>
    public IReadOnlyList<string> DmiProductNames { get; set; } = [];

    /// <summary>Use this profile when nothing else matches on its architecture.</summary>
    public bool Fallback { get; set; }
}
