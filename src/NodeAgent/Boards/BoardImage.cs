namespace NodeAgent.Boards;

/// <summary>What the image build needs for a board.</summary>
public sealed record BoardImage
{
    /// <summary>Debian kernel package.</summary>
    public required string Kernel { get; init; }

    /// <summary>Firmware packages (non-free-firmware where needed).</summary>
    public IReadOnlyList<string> Firmware { get; set; } = [];

    /// <summary>Other packages the board's hardware needs (wpasupplicant where it has Wi-Fi: the preseed file's WIFI_* keys use it).</summary>
    public IReadOnlyList<string> Packages { get; set; } = [];

    /// <summary>Partition layout the build writes.</summary>
    public required PartitionLayout PartitionLayout { get; init; }

    /// <summary>False when the Debian kernel cannot boot this board yet; the build refuses it.</summary>
    public bool Bootable { get; set; } = true;

    /// <summary>Why it cannot boot, or other build remarks.</summary>
    public string? Note { get; set; }
}
