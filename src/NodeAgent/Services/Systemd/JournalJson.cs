using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NodeAgent.Services.Systemd;

/// <summary>
/// Reads one line of <c>journalctl -o json</c>. Read by hand because a field's type varies: MESSAGE is a string, an
/// array of bytes (binary or invalid UTF-8), or null; numbers are strings. Fields the agent does not use are skipped.
/// </summary>
internal static class JournalJson
{
    internal static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out JournalEntry? entry)
    {
        entry = null;
        long? micros = null;
        int? priority = null;
        string? identifier = null, message = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "__REALTIME_TIMESTAMP" when reader.TokenType == JsonTokenType.String:
                        micros = long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long t) ? t : null;
                        break;
                    case "PRIORITY" when reader.TokenType == JsonTokenType.String:
                        priority = int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : null;
                        break;
                    case "SYSLOG_IDENTIFIER" when reader.TokenType == JsonTokenType.String:
                        identifier = reader.GetString();
                        break;
                    case "MESSAGE":
                        message = ReadMessage(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (micros is null || message is null)
        {
            return false;
        }

        entry = new JournalEntry(DateTimeOffset.FromUnixTimeMilliseconds(micros.Value / 1000), priority, identifier, message);
        return true;
    }

    private static string? ReadMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var bytes = new List<byte>();
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            bytes.Add(reader.TryGetByte(out byte b) ? b : (byte)'?');
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
