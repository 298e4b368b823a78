using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Decodes the Raspberry Pi firmware's throttling mask. The kernel's raspberrypi firmware
/// driver prints it with "%x" (no 0x), e.g. "50005" = undervoltage and throttling now and since boot.
/// </summary>
internal static class ThrottlingDecoder
{
    public static ThrottlingSnapshot? Parse(ReadOnlySpan<char> text, out string? error)
    {
        var trimmed = text.Trim();
        if (!FieldReader.TryParseHex(trimmed, out uint raw))
        {
            error = $"'{CpuUsageTracker.Shorten(trimmed)}' is not a hex bitmask";
            return null;
        }

        error = null;
        return Decode(raw);
    }

    public static ThrottlingSnapshot Decode(uint raw) => new()
    {
        Raw = raw,
        UndervoltageNow = (raw & (1u << 0)) != 0,
        ArmFrequencyCappedNow = (raw & (1u << 1)) != 0,
        ThrottledNow = (raw & (1u << 2)) != 0,
        SoftTemperatureLimitNow = (raw & (1u << 3)) != 0,
        UndervoltageOccurred = (raw & (1u << 16)) != 0,
        ArmFrequencyCappedOccurred = (raw & (1u << 17)) != 0,
        ThrottledOccurred = (raw & (1u << 18)) != 0,
        SoftTemperatureLimitOccurred = (raw & (1u << 19)) != 0,
    };
}
