using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>Parses a <c>/proc/pressure/*</c> file: "some avg10=2.08 avg60=8.50 avg300=4.03 total=16773944".</summary>
internal static class PressureParser
{
    public static PressureResource? Parse(ReadOnlySpan<char> text, out string? error)
    {
        PressureLine? some = null;
        PressureLine? full = null;
        foreach (var line in text.EnumerateLines())
        {
            var fields = new FieldReader(line);
            if (!fields.TryNext(out var kind))
            {
                continue;
            }

            if (!TryParseLine(ref fields, out var parsed))
            {
                error = $"line '{CpuUsageTracker.Shorten(line)}' is not 'some|full avg10=.. avg60=.. avg300=.. total=..'";
                return null;
            }

            if (kind.SequenceEqual("some"))
            {
                some = parsed;
            }
            else if (kind.SequenceEqual("full"))
            {
                full = parsed;
            }
        }

        if (some is null)
        {
            error = "no 'some' line";
            return null;
        }

        error = null;
        return new PressureResource { Some = some, Full = full };
    }

    private static bool TryParseLine(ref FieldReader fields, out PressureLine line)
    {
        line = null!;
        if (!TryValue(ref fields, "avg10=", out var avg10) || !TryValue(ref fields, "avg60=", out var avg60) ||
            !TryValue(ref fields, "avg300=", out var avg300) || !TryValue(ref fields, "total=", out var total) ||
            !FieldReader.TryParseDouble(avg10, out double a10) || !FieldReader.TryParseDouble(avg60, out double a60) ||
            !FieldReader.TryParseDouble(avg300, out double a300) || !FieldReader.TryParseLong(total, out long t))
        {
            return false;
        }

        line = new PressureLine { Avg10 = a10, Avg60 = a60, Avg300 = a300, TotalMicroseconds = t };
        return true;
    }

    private static bool TryValue(ref FieldReader fields, string prefix, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!fields.TryNext(out var field) || !field.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        value = field[prefix.Length..];
        return true;
    }
}
