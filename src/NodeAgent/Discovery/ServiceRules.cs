using System.Text.RegularExpressions;

namespace NodeAgent.Discovery;

/// <summary>
/// What a published service may look like. The same rules check the owner's configuration and every record
/// received from the network, so what one node may publish is exactly what the others accept.
/// </summary>
internal static partial class ServiceRules
{
    public const int MaxFields = 16;
    public const int MaxKeyLength = 32;
    public const int MaxValueLength = 200;
    public const int MaxNameLength = 63;

    /// <summary>
    /// Largest encoded record: one record must fit one Serf query answer (≈1 KB with the envelope) beside the
    /// page header, so 16 fields of 200 characters each are allowed one by one but not all together.
    /// </summary>
    public const int MaxRecordBytes = 600;

    public const string TypeRule = "must be a DNS-SD service type such as _syncthing._tcp: '_', a letter or digit, up to 14 more of a-z 0-9 '-', then ._tcp or ._udp";
    public const string NameRule = "must be 1-63 printable characters (no control characters)";
    public const string PortRule = "must be a port number from 1 to 65535";
    public const string KeyRule = "must be 1-32 characters of a-z 0-9 '_' '-'";

    public static bool IsValidType(string type) => TypePattern().IsMatch(type);

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl) && name.Trim().Length == name.Length && !HasLoneSurrogate(name);

    public static bool IsValidPort(int port) => port is >= 1 and <= 65535;

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    public static bool IsValidValue(string value) => value.Length <= MaxValueLength && !value.Any(char.IsControl) && !HasLoneSurrogate(value);

    /// <summary>Every problem with one service, in plain words; empty when it is fine.</summary>
    public static List<string> Check(string type, string name, int port, IReadOnlyDictionary<string, string> fields)
    {
        var problems = new List<string>();
        if (!IsValidType(type))
        {
            problems.Add($"type '{type}' {TypeRule}");
        }
        if (!IsValidName(name))
        {
            problems.Add($"name '{name}' {NameRule}");
        }
        if (!IsValidPort(port))
        {
            problems.Add($"port {port} {PortRule}");
        }
        if (fields.Count > MaxFields)
        {
            problems.Add($"has {fields.Count} fields; at most {MaxFields}");
        }
        foreach (var (key, value) in fields)
        {
            if (!IsValidKey(key))
            {
                problems.Add($"field key '{key}' {KeyRule}");
            }
            if (!IsValidValue(value))
            {
                problems.Add($"field '{key}' value must be at most {MaxValueLength} characters without control characters");
            }
        }
        return problems;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^_[a-z0-9][a-z0-9-]{0,14}\._(tcp|udp)\z", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^[a-z0-9_-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
