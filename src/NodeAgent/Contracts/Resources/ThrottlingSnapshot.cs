namespace NodeAgent.Contracts;

/// <summary>
/// Raspberry Pi firmware throttling state (<c>get_throttled</c>). "Now" flags describe the
/// present; "occurred" flags stay set from the event until reboot.
/// </summary>
public sealed record ThrottlingSnapshot
{
    /// <summary>The raw bitmask as the firmware reported it.</summary>
    public required uint Raw { get; init; }

    /// <summary>Bit 0: supply voltage below 4.63 V now.</summary>
    public required bool UndervoltageNow { get; init; }

    /// <summary>Bit 1: ARM frequency capped now.</summary>
    public required bool ArmFrequencyCappedNow { get; init; }

    /// <summary>Bit 2: throttled now.</summary>
    public required bool ThrottledNow { get; init; }

    /// <summary>Bit 3: soft temperature limit active now.</summary>
    public required bool SoftTemperatureLimitNow { get; init; }

    /// <summary>Bit 16: undervoltage has occurred since boot.</summary>
    public required bool UndervoltageOccurred { get; init; }

    /// <summary>Bit 17: ARM frequency capping has occurred since boot.</summary>
    public required bool ArmFrequencyCappedOccurred { get; init; }

    /// <summary>Bit 18: throttling has occurred since boot.</summary>
    public required bool ThrottledOccurred { get; init; }

    /// <summary>Bit 19: the soft temperature limit has occurred since boot.</summary>
    public required bool SoftTemperatureLimitOccurred { get; init; }
}
