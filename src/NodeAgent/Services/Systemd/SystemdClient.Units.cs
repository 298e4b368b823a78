using Tmds.DBus.Protocol;

namespace NodeAgent.Services.Systemd;

/// <summary>Reading a unit's state: its properties, asked for one by one and all at once on the one connection.</summary>
public sealed partial class SystemdClient
{
    /// <summary>systemd's "unset / infinity" for 64-bit numbers (no accounting, no limit).</summary>
    private const ulong Unset = ulong.MaxValue;

    /// <inheritdoc />
    public async Task<UnitState> GetUnitStateAsync(string unit, CancellationToken cancellationToken = default)
    {
        string path = await LoadUnitAsync(unit, cancellationToken).ConfigureAwait(false);
        Task<VariantValue> Unit(string name) => GetPropertyAsync(path, UnitInterface, name, cancellationToken);
        Task<VariantValue> Service(string name) => GetPropertyAsync(path, ServiceInterface, name, cancellationToken);

        Task<VariantValue> load = Unit("LoadState"), active = Unit("ActiveState"), sub = Unit("SubState");
        Task<VariantValue> fileState = Unit("UnitFileState"), dropIns = Unit("DropInPaths");
        await Task.WhenAll(load, active, sub, fileState, dropIns).ConfigureAwait(false);
        string loadState = load.Result.GetString();

        // Only a loaded service has the Service interface (and a cgroup); other units' numbers stay null.
        ServiceFacts? service = null;
        if (unit.EndsWith(".service", StringComparison.Ordinal) && loadState == "loaded")
        {
            Task<VariantValue> pid = Service("MainPID"), status = Service("ExecMainStatus"), result = Service("Result");
            Task<VariantValue> memory = Service("MemoryCurrent"), cpu = Service("CPUUsageNSec");
            Task<VariantValue> memoryMax = Service("MemoryMax"), memoryHigh = Service("MemoryHigh");
            Task<VariantValue> cpuQuota = Service("CPUQuotaPerSecUSec"), ioWeight = Service("IOWeight"), restart = Service("Restart");
            await Task.WhenAll(pid, status, result, memory, cpu, memoryMax, memoryHigh, cpuQuota, ioWeight, restart).ConfigureAwait(false);
            uint mainPid = pid.Result.GetUInt32();
            service = new ServiceFacts(
                mainPid == 0 ? null : mainPid,
                status.Result.GetInt32(),
                result.Result.GetString(),
                OrNull(memory.Result.GetUInt64()),
                OrNull(cpu.Result.GetUInt64()),
                new UnitLimits(OrNull(memoryMax.Result.GetUInt64()), OrNull(memoryHigh.Result.GetUInt64()),
                    OrNull(cpuQuota.Result.GetUInt64()), OrNull(ioWeight.Result.GetUInt64())),
                restart.Result.GetString());
        }

        return new UnitState(
            unit, loadState, active.Result.GetString(), sub.Result.GetString(), fileState.Result.GetString(),
            service?.MainPid, service?.ExecMainStatus, service?.Result, service?.MemoryCurrent, service?.CpuUsage,
            dropIns.Result.GetArray<string>())
        {
            Limits = service?.Limits,
            Restart = service?.Restart,
        };
    }

    /// <inheritdoc />
    public async Task<UnitUsage> GetUsageAsync(string unit, CancellationToken cancellationToken = default)
    {
        string path = await LoadUnitAsync(unit, cancellationToken).ConfigureAwait(false);
        Task<VariantValue> memory = GetPropertyAsync(path, ServiceInterface, "MemoryCurrent", cancellationToken);
        Task<VariantValue> cpu = GetPropertyAsync(path, ServiceInterface, "CPUUsageNSec", cancellationToken);
        await Task.WhenAll(memory, cpu).ConfigureAwait(false);
        return new UnitUsage(OrNull(memory.Result.GetUInt64()), OrNull(cpu.Result.GetUInt64()));
    }

    /// <summary>
    /// <c>LoadUnit</c> rather than <c>GetUnit</c>: systemd unloads inactive units nobody references, and GetUnit then
    /// says "not loaded" for a unit that exists. A unit without a file comes back with LoadState <c>not-found</c>.
    /// </summary>
    private Task<string> LoadUnitAsync(string unit, CancellationToken cancellationToken) =>
        CallAsync(ManagerCall("LoadUnit", UnitName.Validate(unit)), ReadObjectPath, $"load {unit}", cancellationToken);

    private Task<VariantValue> GetPropertyAsync(string path, string @interface, string property, CancellationToken cancellationToken) =>
        CallAsync(PropertyGet(path, @interface, property), ReadVariant, $"read {property} of {path}", cancellationToken);

    private static ulong? OrNull(ulong value) => value == Unset ? null : value;

    private sealed record ServiceFacts(uint? MainPid, int ExecMainStatus, string Result, ulong? MemoryCurrent, ulong? CpuUsage, UnitLimits Limits, string Restart);
}
