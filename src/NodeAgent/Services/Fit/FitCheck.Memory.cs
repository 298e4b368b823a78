using NodeAgent.Services.Catalogue;

namespace NodeAgent.Services.Fit;

public static partial class FitCheck
{
    /// <summary>
    /// "syncthing needs 160 MB of RAM, 95 MB is free (…); stopping prometheus would free 150 MB": the numbers, where
    /// they come from, and the fewest lowest-priority services whose stopping would make room. Only services of lower
    /// priority are suggested: stopping a more important service for a less important one is the owner's call.
    /// </summary>
    private static (string Message, IReadOnlyList<string> Stop) MemoryShortfall(ServiceManifest manifest, int need, MemoryBudget memory, List<RunningService> running)
    {
        var free = Math.Max(0, memory.FreeMb);
        var why = memory.LimitedByAvailable
            ? $"{memory.AvailableMb} MB available now − {memory.GrowthMb} MB the running services may still grow into − {memory.FloorMb} MB kept against memory pressure"
            : $"{memory.TotalMb} MB − {memory.ReserveMb} MB for the system and the agent − {memory.RunningMb} MB held by {Count(running.Count)}";
        var head = $"{manifest.Id} needs {need} MB of RAM, {free} MB is free ({why})";
        var shortfall = need - memory.FreeMb;
        var candidates = running
            .Where(r => r.Priority < manifest.Priority)
            .OrderBy(r => r.Priority).ThenByDescending(r => r.ReservedMb).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return ($"{head}; no running service has a lower priority than {manifest.Priority}", []);
        }
        var chosen = new List<RunningService>();
        var freed = 0;
        foreach (var candidate in candidates.TakeWhile(_ => freed < shortfall))
        {
            chosen.Add(candidate);
            freed += candidate.ReservedMb;
        }
        if (freed < shortfall)
        {
            return ($"{head}; stopping every lower-priority service ({Names(chosen)}) would free only {freed} MB", []);
        }
        // Greedy by priority may take one service too many (a small one before a big one of the same rank): drop,
        // most important first, every pick the others can do without.
        foreach (var pick in chosen.OrderByDescending(c => c.Priority).ThenBy(c => c.ReservedMb).ToList())
        {
            if (freed - pick.ReservedMb >= shortfall)
            {
                chosen.Remove(pick);
                freed -= pick.ReservedMb;
            }
        }
        return ($"{head}; stopping {Names(chosen)} would free {freed} MB", chosen.Select(c => c.Id).ToList());
    }

    private static string Count(int services) => services == 1 ? "1 running service" : $"{services} running services";

    private static string Names(List<RunningService> services) => services.Count switch
    {
        1 => services[0].Id,
        _ => $"{string.Join(", ", services.Take(services.Count - 1).Select(s => s.Id))} and {services[^1].Id}",
    };
}
