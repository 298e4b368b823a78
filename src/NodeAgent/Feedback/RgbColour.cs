namespace NodeAgent.Feedback;

/// <summary>What an RGB LED on three on/off lines can show: each primary on or off.</summary>
[Flags]
public enum RgbColour
{
    /// <summary>All dark.</summary>
    Off = 0,

    /// <summary>Red line.</summary>
    Red = 1,

    /// <summary>Green line.</summary>
    Green = 2,

    /// <summary>Blue line.</summary>
    Blue = 4,

    /// <summary>Red and green.</summary>
    Yellow = Red | Green,

    /// <summary>Green and blue.</summary>
    Cyan = Green | Blue,

    /// <summary>Red and blue.</summary>
    Magenta = Red | Blue,

    /// <summary>All three.</summary>
    White = Red | Green | Blue,
}
