namespace NodeAgent.Feedback;

/// <summary>Finds an input device's event node by name in <c>/proc/bus/input/devices</c>.</summary>
internal static class InputDevices
{
    /// <summary>The <c>eventN</c> handler of the first device called <paramref name="name"/>, or null.</summary>
    public static string? FindEventNode(string devicesText, string name)
    {
        var wanted = $"N: Name=\"{name}\"";
        // Blocks are separated by blank lines; each has an N: (name) line and an H: (handlers) line.
        foreach (var block in devicesText.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.TrimEntries);
            if (!lines.Contains(wanted, StringComparer.Ordinal))
            {
                continue;
            }
            var handlers = lines.FirstOrDefault(l => l.StartsWith("H: Handlers=", StringComparison.Ordinal));
            var node = handlers?["H: Handlers=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(h => h.StartsWith("event", StringComparison.Ordinal));
            if (node is not null)
            {
                return node;
            }
        }
        return null;
    }
}
