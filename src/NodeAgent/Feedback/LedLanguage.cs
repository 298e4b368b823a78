using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>
/// The LED language: which pattern each LED shows in each <see cref="NodeState"/>.
/// The status LED carries the whole language by rhythm, so a board with a single LED says everything.
/// A power LED stays lit (people read a dark power LED as "off") and joins in only when critical or during
/// the reset countdown; an alert LED is dark unless something needs attention. An RGB LED adds colour on
/// top of the status rhythm. The table in <c>boards/README.md</c> is this class written out; a test keeps them equal.
/// </summary>
internal static class LedLanguage
{
    public static LedPattern Status(NodeState state) => state switch
    {
        NodeState.FactoryResetCountdown => LedPattern.Flicker,
        NodeState.Identify => LedPattern.Blink,
        NodeState.PairingWindow => LedPattern.Solid,
        NodeState.Updating => LedPattern.ShortLong,
        NodeState.Critical => LedPattern.FastBlink,
        NodeState.Booting => LedPattern.SlowBlink,
        NodeState.FirstBoot => LedPattern.LongBlink,
        NodeState.NoNetwork => LedPattern.SingleFlash,
        NodeState.NoDiscovery => LedPattern.DoubleFlash,
        NodeState.Degraded => LedPattern.TripleFlash,
        NodeState.Healthy => LedPattern.Heartbeat,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no pattern for this state"),
    };

    public static LedPattern For(NodeState state, LedRole role) => role switch
    {
        LedRole.Status => Status(state),
        LedRole.Power => state switch
        {
            NodeState.FactoryResetCountdown => LedPattern.Flicker,
            NodeState.Critical => LedPattern.FastBlink,
            _ => LedPattern.Solid,
        },
        LedRole.Alert => state switch
        {
            NodeState.FactoryResetCountdown => LedPattern.Flicker,
            NodeState.Critical => LedPattern.Solid,
            NodeState.Degraded or NodeState.NoNetwork or NodeState.NoDiscovery => LedPattern.SlowBlink,
            _ => LedPattern.Off,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no patterns for this role"),
    };

    public static RgbColour Colour(NodeState state) => state switch
    {
        NodeState.FactoryResetCountdown => RgbColour.Red,
        NodeState.Identify => RgbColour.White,
        NodeState.PairingWindow => RgbColour.Blue,
        NodeState.Updating => RgbColour.Magenta,
        NodeState.Critical => RgbColour.Red,
        NodeState.Booting => RgbColour.Cyan,
        NodeState.FirstBoot => RgbColour.Cyan,
        NodeState.NoNetwork => RgbColour.Yellow,
        NodeState.NoDiscovery => RgbColour.Yellow,
        NodeState.Degraded => RgbColour.Yellow,
        NodeState.Healthy => RgbColour.Green,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no colour for this state"),
    };

    /// <summary>
    /// The role each LED plays on this board: as the profile says, except that a board whose profile names
    /// no status LED lends the status role to its first LED, so the language is never left unsaid.
    /// </summary>
    public static IReadOnlyList<LedRole> EffectiveRoles(IReadOnlyList<LedRole> declared)
    {
        if (declared.Count == 0 || declared.Contains(LedRole.Status))
        {
            return declared;
        }
        return [LedRole.Status, .. declared.Skip(1)];
    }
}
