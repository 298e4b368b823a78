using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// The sections of a snapshot while a sample is being taken. Each source fills its part, so a
/// source that throws loses only its own section. Reused across samples.
/// </summary>
internal sealed class SampleDraft
{
    public double? UptimeSeconds { get; set; }

    public CpuSnapshot? Cpu { get; set; }

    public LoadSnapshot? Load { get; set; }

    public MemorySnapshot? Memory { get; set; }

    public IReadOnlyList<FileSystemSnapshot> FileSystems { get; set; } = [];

    public IReadOnlyList<TemperatureReading> Temperatures { get; set; } = [];

    public IReadOnlyList<NetworkInterfaceSnapshot> NetworkInterfaces { get; set; } = [];

    public PressureSnapshot? Pressure { get; set; }

    public ThrottlingSnapshot? Throttling { get; set; }

    public List<string> Problems { get; } = [];

    public double ElapsedSeconds { get; set; }

    public void Reset(double elapsedSeconds)
    {
        UptimeSeconds = null;
        Cpu = null;
        Load = null;
        Memory = null;
        FileSystems = [];
        Temperatures = [];
        NetworkInterfaces = [];
        Pressure = null;
        Throttling = null;
        Problems.Clear();
        ElapsedSeconds = elapsedSeconds;
    }

    /// <summary>Records a failed source as "thing: cause; consequence".</summary>
    public void Problem(string source, string cause, string consequence) =>
        Problems.Add($"{source}: {cause}; {consequence}");
}
