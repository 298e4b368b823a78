namespace NodeAgent.Contracts;

/// <summary>Usage of one mounted filesystem (statvfs), in bytes.</summary>
public sealed record FileSystemSnapshot
{
    /// <summary>Where it is mounted, e.g. <c>/</c> or <c>/boot/firmware</c>.</summary>
    public required string MountPoint { get; init; }

    /// <summary>Source device, e.g. <c>/dev/mmcblk0p2</c>.</summary>
    public required string Device { get; init; }

    /// <summary>Filesystem type, e.g. <c>ext4</c>.</summary>
    public required string FsType { get; init; }

    /// <summary>Mounted read-only (an ext4 remounted ro after errors shows here).</summary>
    public required bool ReadOnly { get; init; }

    /// <summary>Total size.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Size minus free blocks (reserved blocks count as used).</summary>
    public required long UsedBytes { get; init; }

    /// <summary>Space an unprivileged user can still write.</summary>
    public required long AvailableBytes { get; init; }

    /// <summary>Used / (used + available) in percent, as <c>df</c> computes it.</summary>
    public required double UsedPercent { get; init; }

    /// <summary>Total inodes; <c>null</c> when the filesystem has no fixed inode table (e.g. btrfs, vfat).</summary>
    public long? Inodes { get; init; }

    /// <summary>Free inodes; <c>null</c> with <see cref="Inodes"/>.</summary>
    public long? InodesFree { get; init; }

    /// <summary>Inodes used in percent; <c>null</c> with <see cref="Inodes"/>.</summary>
    public double? InodesUsedPercent { get; init; }
}
