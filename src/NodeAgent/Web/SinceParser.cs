using System.Globalization;

namespace NodeAgent.Web;

/// <summary>Reads the <c>since</c> of a history query: an ISO 8601 time, unix seconds, or an age such as 90m, 6h, 7d.</summary>
internal static class SinceParser
{
    public const string Help = "give 'since' as an ISO 8601 time (2026-11-26T10:00:00Z), unix seconds, or an age like 30m, 6h or 7d";

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = now.AddHours(-1);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        text = text.Trim();
        var unit = text[^1];
        if (unit is 's' or 'm' or 'h' or 'd' && text.Length > 1
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            var age = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            if (age > TimeSpan.FromDays(366))
            {
                return false;
            }
            since = now - age;
            return true;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix < 253402300800)
        {
            since = DateTimeOffset.FromUnixTimeSeconds(unix);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }
}
