using System.Text.Json;

namespace NodeAgent.Services.Catalogue;

/// <summary>
/// Reads one JSON object of a manifest by hand, tracking its JSON path so every problem says exactly where it is.
/// Hand-written rather than source-generated because the generated reader stops at the first error and names .NET
/// types; an owner editing <c>/etc/nodeagent/services.d</c> needs every problem, in their words, at once.
/// A getter returns null (and records why) when the value is absent-but-required or invalid.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly List<ManifestProblem> _problems;

    private JsonObjectReader(JsonElement element, string path, List<ManifestProblem> problems)
    {
        _element = element;
        Path = path;
        _problems = problems;
    }

    /// <summary>JSON path of this object.</summary>
    public string Path { get; }

    /// <summary>Problems found so far in the whole file (to tell whether a section added any).</summary>
    public int ProblemCount => _problems.Count;

    /// <summary>
    /// Opens <paramref name="element"/> as an object whose only allowed properties are <paramref name="known"/>;
    /// reports a non-object, unknown properties (a misspelt key is never silently ignored) and duplicated ones.
    /// </summary>
    public static JsonObjectReader? Open(JsonElement element, string path, List<ManifestProblem> problems, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, $"must be an object with {string.Join(", ", known)}; found {Describe(element)}"));
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                problems.Add(new(Child(path, property.Name), "is given twice; keep one"));
            }
            else if (System.Array.IndexOf(known, property.Name) < 0)
            {
                problems.Add(new(Child(path, property.Name), $"is not a property here; allowed: {string.Join(", ", known)}"));
            }
        }
        return new JsonObjectReader(element, path, problems);
    }

    public static string Child(string path, string name) => $"{path}.{name}";

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Records a problem with property <paramref name="name"/> (or with the object when null).</summary>
    public void Problem(string? name, string message) => _problems.Add(new(name is null ? Path : Child(Path, name), message));

    /// <summary>Adds problems found by readers of items inside this object.</summary>
    public void AddProblems(IEnumerable<ManifestProblem> problems) => _problems.AddRange(problems);

    public void Problem(string name, int index, string message) => _problems.Add(new($"{Child(Path, name)}[{index}]", message));

    /// <summary>A string that <paramref name="check"/> accepts (it returns why not, or null).</summary>
    public string? String(string name, bool required, Func<string, string?> check)
    {
        if (Value(name, required, JsonValueKind.String, "a string") is not { } value)
        {
            return null;
        }
        var text = value.GetString()!;
        if (check(text) is { } why)
        {
            Problem(name, $"'{Shorten(text)}' {why}");
            return null;
        }
        return text;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="what"/> says what it means.</summary>
    public int? Int(string name, bool required, int min, int max, string what)
    {
        if (Value(name, required, JsonValueKind.Number, $"a whole number ({what}, {min} to {max})") is not { } value)
        {
            return null;
        }
        if (!value.TryGetInt32(out var n) || n < min || n > max)
        {
            Problem(name, $"is {value.GetRawText()}; give {what} as a whole number from {min} to {max}");
            return null;
        }
        return n;
    }

    public bool? Bool(string name, bool required)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(name, "is missing; give true or false");
            }
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Problem(name, $"must be true or false; found {Describe(value)}");
            return null;
        }
        return value.GetBoolean();
    }

    /// <summary>The nested object <paramref name="name"/>, limited to <paramref name="known"/> properties.</summary>
    public JsonObjectReader? Object(string name, bool required, params string[] known) =>
        Value(name, required, JsonValueKind.Object, $"an object with {string.Join(", ", known)}") is { } value
            ? Open(value, Child(Path, name), _problems, known)
            : null;

    /// <summary>The array <paramref name="name"/> with <paramref name="min"/>-<paramref name="max"/> items, each with its path.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)>? Array(string name, bool required, int min, int max, string what)
    {
        if (Value(name, required, JsonValueKind.Array, $"an array of {what}") is not { } value)
        {
            return null;
        }
        var count = value.GetArrayLength();
        if (count < min || count > max)
        {
            Problem(name, $"has {count} items; give {min} to {max} {what}");
            return null;
        }
        return value.EnumerateArray().Select((item, i) => (item, $"{Child(Path, name)}[{i}]")).ToList();
    }

    /// <summary>An array of distinct strings, each accepted by <paramref name="check"/>.</summary>
    public IReadOnlyList<string>? Strings(string name, bool required, int min, int max, string what, Func<string, string?> check)
    {
        if (Array(name, required, min, max, what) is not { } items)
        {
            return null;
        }
        var result = new List<string>();
        var ok = true;
        foreach (var (item, path) in items)
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                _problems.Add(new(path, $"must be a string ({what}); found {Describe(item)}"));
                ok = false;
            }
            else if (check(item.GetString()!) is { } why)
            {
                _problems.Add(new(path, $"'{Shorten(item.GetString()!)}' {why}"));
                ok = false;
            }
            else if (result.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                _problems.Add(new(path, $"'{item.GetString()}' is listed twice"));
                ok = false;
            }
            else
            {
                result.Add(item.GetString()!);
            }
        }
        return ok ? result : null;
    }

    /// <summary>The string properties of the object <paramref name="name"/> (a map), each key and value checked.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name, int max, Func<string, string?> checkKey, Func<string, string?> checkValue)
    {
        if (Value(name, required: false, JsonValueKind.Object, "an object of string fields") is not { } value)
        {
            return Has(name) ? null : new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var property in value.EnumerateObject())
        {
            var path = Child(Child(Path, name), property.Name);
            var why = checkKey(property.Name)
                ?? (property.Value.ValueKind != JsonValueKind.String ? $"must be a string; found {Describe(property.Value)}" : checkValue(property.Value.GetString()!))
                ?? (map.TryAdd(property.Name, property.Value.GetString()!) ? null : "is given twice; keep one");
            if (why is not null)
            {
                _problems.Add(new(path, why));
                ok = false;
            }
        }
        if (map.Count > max)
        {
            Problem(name, $"has {map.Count} fields; at most {max}");
            ok = false;
        }
        return ok ? map : null;
    }

    private JsonElement? Value(string name, bool required, JsonValueKind kind, string expected)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(name, $"is missing; give {expected}");
            }
            return null;
        }
        if (value.ValueKind != kind)
        {
            Problem(name, $"must be {expected}; found {Describe(value)}");
            return null;
        }
        return value;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // Messages quote what was found; a pasted megabyte must not become a megabyte of log.
    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
