namespace NodeAgent.Contracts;

/// <summary>One temperature sensor.</summary>
public sealed record TemperatureReading
{
    /// <summary>
    /// Unique within a snapshot: <c>thermal_zone0</c> or <c>hwmon1/temp2</c>. hwmon numbers
    /// can change across reboots; use <see cref="Name"/> and <see cref="Label"/> to recognise a sensor.
    /// </summary>
    public required string Sensor { get; init; }

    /// <summary>Zone type (<c>cpu-thermal</c>) or hwmon chip name (<c>k10temp</c>).</summary>
    public required string Name { get; init; }

    /// <summary>hwmon <c>temp*_label</c> (<c>Tctl</c>), when the driver provides one.</summary>
    public string? Label { get; init; }

    /// <summary>Degrees Celsius.</summary>
    public required double Celsius { get; init; }
}
