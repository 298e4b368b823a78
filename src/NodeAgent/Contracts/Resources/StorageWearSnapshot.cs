namespace NodeAgent.Contracts;

/// <summary>
/// Wear of one MMC block device (<c>/sys/block/mmcblkN/device</c>). eMMC 5.0+ devices report
/// EXT_CSD wear estimates; SD cards report none, so their wear fields are <c>null</c>.
/// </summary>
public sealed record StorageWearSnapshot
{
    /// <summary>Block device, e.g. <c>mmcblk0</c>.</summary>
    public required string Device { get; init; }

    /// <summary><c>MMC</c> (eMMC), <c>SD</c> or <c>SDIO</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Product name from the card's CID.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// DEVICE_LIFE_TIME_EST_TYP_A (SLC area): 1 = 0-10% of rated life used, 2 = 10-20%, ...,
    /// 10 = 90-100%, 11 = rated life exceeded; <c>null</c> when not reported or 0 (undefined).
    /// </summary>
    public int? LifeTimeEstimateA { get; init; }

    /// <summary>DEVICE_LIFE_TIME_EST_TYP_B (MLC area), same scale as <see cref="LifeTimeEstimateA"/>.</summary>
    public int? LifeTimeEstimateB { get; init; }

    /// <summary>PRE_EOL_INFO: 1 normal, 2 warning (80% of reserved blocks used), 3 urgent.</summary>
    public int? PreEolInfo { get; init; }

    /// <summary>Upper bound of life used in percent: max(A, B) x 10 (110 = exceeded); <c>null</c> without estimates.</summary>
    public int? LifeTimeUsedPercentMax { get; init; }
}
