using Microsoft.Extensions.Configuration;

namespace NodeAgent.Configuration;

/// <summary>
/// The raw configuration as flat <c>Section:Key</c> pairs, each remembering where it came from,
/// so an error can name the file line's key, the environment variable or the flag to fix.
/// Later layers win: defaults (in code) &lt; file &lt; environment &lt; flags.
/// </summary>
internal sealed class ConfigLayers
{
    /// <summary>Environment variables with this prefix configure the agent; <c>__</c> separates sections.</summary>
    public const string EnvironmentPrefix = "NODEAGENT__";

    private readonly Dictionary<string, (string Value, string Origin)> _values = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<KeyValuePair<string, (string Value, string Origin)>> Entries => _values;

    public bool TryGet(string key, out string value, out string origin)
    {
        if (_values.TryGetValue(key, out var entry))
        {
            (value, origin) = entry;
            return true;
        }
        value = origin = "";
        return false;
    }

    /// <summary>Adds a JSON file. A missing optional file adds nothing; a broken one is a problem, not a crash.</summary>
    public void AddJsonFile(string path, bool optional, List<string> problems)
    {
        if (!File.Exists(path))
        {
            if (!optional)
            {
                problems.Add($"config file {path} does not exist; create it or drop --config to use the defaults");
            }
            return;
        }
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"config file {path} cannot be read: {(e.InnerException ?? e).Message}");
            return;
        }
        foreach (var (key, value) in root.AsEnumerable())
        {
            // Sections show up with a null value; only leaves carry settings.
            if (value is not null)
            {
                _values[key] = (value, $"{path}: \"{key}\"");
            }
        }
    }

    /// <summary>Adds the <c>NODEAGENT__SECTION__KEY</c> variables from an environment snapshot.</summary>
    public void AddEnvironment(System.Collections.IDictionary environment)
    {
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
                _values[key] = (value, $"environment variable {name}");
            }
        }
    }

    /// <summary>Adds one value from elsewhere (the owner's saved settings, an API request), named by <paramref name="origin"/> in problems.</summary>
    public void Add(string key, string value, string origin) => _values[key] = (value, origin);

    /// <summary>Adds one value given as a command-line flag.</summary>
    public void AddFlag(string key, string? value, string flag)
    {
        if (value is not null)
        {
            _values[key] = (value, $"flag {flag}");
        }
    }
}
