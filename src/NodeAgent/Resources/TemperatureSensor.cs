namespace NodeAgent.Resources;

/// <summary>A discovered temperature input: what to call it and which file holds millidegrees.</summary>
internal sealed record TemperatureSensor(string Sensor, string Name, string? Label, string InputPath);
