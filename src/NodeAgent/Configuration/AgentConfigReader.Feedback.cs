using System.Text.RegularExpressions;
using NodeAgent.Boards;
using NodeAgent.Feedback;

namespace NodeAgent.Configuration;

internal static partial class AgentConfigReader
{
    /// <summary>
    /// <c>Feedback:Extras</c>: which of the board profile's optional outputs are fitted (one ';'-separated value or an
    /// array <c>Feedback:Extras:N</c>). Each must be defined by the profile the agent will use, so the board is chosen
    /// here as the agent will choose it (only when extras are asked for: it reads the device tree or DMI).
    /// </summary>
    /// <param name="layers">The configuration.</param>
    /// <param name="board"><c>Node:Board</c>, empty to detect.</param>
    /// <param name="hostRoot">Where the hardware identity is read; null when that key is itself wrong (reported already).</param>
    /// <param name="problems">Where problems are added.</param>
    internal static ExtraOutputs ReadExtras(ConfigLayers layers, string board, string? hostRoot, List<string> problems)
    {
        var extras = ExtraOutputs.None;
        var origins = new Dictionary<ExtraOutputs, string>();
        foreach (var (name, origin) in ReadList(layers, "Feedback:Extras"))
        {
            var known = ExtraOutputNames.All.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (known.Name is null)
            {
                problems.Add($"{origin}: '{name}' is not an extra output; give any of {string.Join(", ", ExtraOutputNames.All.Select(a => a.Name))}");
                continue;
            }
            extras |= known.Output;
            origins.TryAdd(known.Output, origin);
        }
        if (extras == ExtraOutputs.None || hostRoot is null)
        {
            return extras;
        }
        var choice = BoardDetector.ChooseHere(board, hostRoot);
        if (choice.Profile is not { } profile)
        {
            problems.Add($"{origins.Values.First()}: no board profile is in use ({choice.Reason}), so no extra output has wiring; name the board with Node:Board or remove Feedback:Extras");
            return extras;
        }
        var defined = Defined(profile.Extras);
        foreach (var (output, origin) in origins.Where(o => (defined & o.Key) == 0))
        {
            var has = ExtraOutputNames.All.Where(a => (defined & a.Output) != 0).Select(a => a.Name).ToList();
            problems.Add($"{origin}: board {profile.Id} ({choice.Reason}) defines no '{ExtraOutputNames.Of(output)}' extra"
                + $" (it defines {(has.Count == 0 ? "none" : string.Join(", ", has))}); remove it, or describe its wiring under \"extras\" in {BoardFiles.LocalDirectory}/{profile.Id}.json");
        }
        return extras;
    }

    /// <summary>The extras a profile gives wiring for.</summary>
    internal static ExtraOutputs Defined(BoardExtras? extras) =>
        (extras?.Rgb is null ? 0 : ExtraOutputs.Rgb) | (extras?.Ws2812 is null ? 0 : ExtraOutputs.Ws2812) | (extras?.Ssd1306 is null ? 0 : ExtraOutputs.Ssd1306);

    /// <summary>A list key: one ';'-separated value, then the array entries <c>KEY:N</c>; blanks dropped, each with its origin.</summary>
    private static List<(string Value, string Origin)> ReadList(ConfigLayers layers, string key)
    {
        var raw = new List<(string Value, string Origin)>();
        if (layers.TryGet(key, out var joined, out var origin))
        {
            raw.AddRange(joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (v, origin)));
        }
        for (var i = 0; layers.TryGet($"{key}:{i}", out var one, out var o); i++)
        {
            if (one.Trim().Length > 0)
            {
                raw.Add((one.Trim(), o));
            }
        }
        return raw;
    }

    [GeneratedRegex(@"^Feedback:Extras:\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtrasArrayKey();
}
