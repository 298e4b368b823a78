using System.Globalization;

namespace NodeAgent.Services.Pressure;

/// <summary>
/// Decides which services to stop under memory pressure and when to bring them back. Pure policy: the caller feeds
/// it one reading per resource sample and carries out the actions; it keeps only the list of what it shed.
/// </summary>
/// <remarks>
/// Pressure is MemAvailable below the floor, or PSI memory stalls above their limits. Under pressure it stops the
/// lowest-priority services, just enough to bring MemAvailable back above floor + margin (one service when only the
/// stalls say so), then waits <see cref="ShedThresholds.Settle"/> to see the effect. A shed service comes back,
/// highest priority first and one at a time, only after it has been calm (well above the floor, stalls near zero)
/// for <see cref="ShedThresholds.Calm"/> and its requirement fits above floor + margin. A service shed again soon
/// after it came back waits twice as long next time, so a service that cannot live on the node stops flapping.
/// </remarks>
public sealed partial class PressureShedder(ShedThresholds thresholds)
{
    private readonly Dictionary<string, ShedEntry> _shed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset At, TimeSpan CalmWait)> _restored = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastAction;
    private DateTimeOffset? _calmSince;

    /// <summary>Services stopped for pressure and not brought back yet.</summary>
    public IReadOnlyCollection<string> ShedIds => _shed.Keys;

    /// <summary>How long <paramref name="id"/> must see calm before it comes back; null when it is not shed.</summary>
    public TimeSpan? CalmWaitOf(string id) => _shed.TryGetValue(id, out var entry) ? entry.CalmWait : null;

    /// <summary>Drops a shed service from the policy (the owner removed it, or started or stopped it by hand).</summary>
    public void Forget(string id)
    {
        _shed.Remove(id);
        _restored.Remove(id);
    }

    /// <summary>Decides on one reading. <paramref name="running"/> are the services running now (shed ones are not running).</summary>
    public ShedDecision Evaluate(DateTimeOffset now, PressureReading reading, IReadOnlyList<SheddableService> running)
    {
        if (PressureCause(reading) is { } cause)
        {
            _calmSince = null;
            return Waiting(now) is { } wait ? new([], $"{cause}; {wait}") : Shed(now, cause, reading, running);
        }
        if (!IsCalm(reading))
        {
            _calmSince = null;
            return new([], $"MemAvailable {reading.AvailableMb} MB{Stalls(reading)}: between pressure and calm, nothing changes");
        }
        _calmSince ??= now;
        if (_shed.Count == 0)
        {
            return new([], "calm; nothing is shed");
        }
        return Waiting(now) is { } pause ? new([], $"calm; {pause}") : Restore(now, reading);
    }

    private ShedDecision Shed(DateTimeOffset now, string cause, PressureReading reading, IReadOnlyList<SheddableService> running)
    {
        var candidates = running.Where(r => !_shed.ContainsKey(r.Id))
            .OrderBy(r => r.Priority).ThenByDescending(r => r.UsedMb).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return new([], $"{cause}; no running service is left to shed");
        }
        var target = thresholds.FloorMb + thresholds.MarginMb;
        var needMb = reading.AvailableMb < thresholds.FloorMb ? target - reading.AvailableMb : 0;
        var actions = new List<ShedAction>();
        var freed = 0;
        foreach (var service in candidates)
        {
            var aim = needMb > 0
                ? $"to bring MemAvailable back to {target} MB ({needMb} MB short, {freed + service.UsedMb} MB freed so far)"
                : "as the lowest-priority service; the stalls are watched again after it";
            actions.Add(new(ShedActionKind.Shed, service.Id, $"{cause}; stopping {service.Id} (priority {service.Priority}, using {service.UsedMb} MB) {aim}"));
            Record(now, service);
            freed += service.UsedMb;
            if (freed >= needMb)
            {
                break;
            }
        }
        _lastAction = now;
        return new(actions, $"{cause}; shed {actions.Count}");
    }

    private ShedDecision Restore(DateTimeOffset now, PressureReading reading)
    {
        var calmFor = now - _calmSince!.Value;
        var headroom = reading.AvailableMb - thresholds.FloorMb - thresholds.MarginMb;
        var waiting = new List<string>();
        foreach (var (id, entry) in _shed.OrderByDescending(s => s.Value.Priority).ThenBy(s => s.Value.ShedAt))
        {
            if (calmFor < entry.CalmWait)
            {
                waiting.Add($"{id} after {Seconds(entry.CalmWait)} s calm (calm for {Seconds(calmFor)} s)");
                continue;
            }
            if (entry.NeedMb > headroom)
            {
                waiting.Add($"{id} needs {entry.NeedMb} MB, {Math.Max(0, headroom)} MB is available above the floor and margin");
                continue;
            }
            _shed.Remove(id);
            _restored[id] = (now, entry.CalmWait);
            _lastAction = now;
            // The next one waits a full calm period again: the node must show it carries this one first.
            _calmSince = now;
            var reason = $"calm for {Seconds(calmFor)} s (MemAvailable {reading.AvailableMb} MB{Stalls(reading)}); starting {id} again (priority {entry.Priority}, needs {entry.NeedMb} MB)";
            return new([new(ShedActionKind.Restore, id, reason)], reason);
        }
        return new([], $"calm; waiting: {string.Join("; ", waiting)}");
    }

    private void Record(DateTimeOffset now, SheddableService service)
    {
        var wait = thresholds.Calm;
        if (_restored.TryGetValue(service.Id, out var last) && now - last.At < thresholds.FlapWindow)
        {
            wait = last.CalmWait * 2 < thresholds.MaxCalm ? last.CalmWait * 2 : thresholds.MaxCalm;
        }
        _restored.Remove(service.Id);
        _shed[service.Id] = new ShedEntry(service.Priority, Math.Max(service.RequirementMb, service.UsedMb), now, wait);
    }

    private string? Waiting(DateTimeOffset now) =>
        _lastAction is { } last && now - last < thresholds.Settle
            ? $"waiting {Seconds(thresholds.Settle - (now - last))} s more for the last action to show"
            : null;

    private sealed record ShedEntry(int Priority, int NeedMb, DateTimeOffset ShedAt, TimeSpan CalmWait);

    private static string Seconds(TimeSpan t) => Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
