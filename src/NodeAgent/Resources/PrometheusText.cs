using System.Globalization;
using System.Text;

namespace NodeAgent.Resources;

/// <summary>
/// The Prometheus text exposition format (0.0.4): family headers, samples, escaping and
/// number formatting. Formats numbers into a stack buffer, so writing allocates only what the
/// StringBuilder grows.
/// </summary>
internal static class PrometheusText
{
    /// <summary>Writes the # HELP and # TYPE lines that must precede a family's samples.</summary>
    public static void Family(StringBuilder sb, string name, string type, string help)
    {
        sb.Append("# HELP ").Append(name).Append(' ');
        foreach (char c in help)
        {
            // HELP text escapes only backslash and newline.
            _ = c switch
            {
                '\\' => sb.Append(@"\\"),
                '\n' => sb.Append(@"\n"),
                _ => sb.Append(c),
            };
        }

        sb.Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Writes one sample; labels whose value is null are left out.</summary>
    public static void Sample(StringBuilder sb, string name, double value, params ReadOnlySpan<Label> labels)
    {
        sb.Append(name);
        bool open = false;
        foreach (var label in labels)
        {
            if (label.Value is null)
            {
                continue;
            }

            sb.Append(open ? ',' : '{').Append(label.Name).Append("=\"");
            open = true;
            AppendEscaped(sb, label.Value);
            sb.Append('"');
        }

        if (open)
        {
            sb.Append('}');
        }

        sb.Append(' ');
        AppendValue(sb, value);
        sb.Append('\n');
    }

    /// <summary>A percentage (0-100) as a Prometheus ratio (0-1), rounded to hide float noise.</summary>
    public static double Ratio(double percent) => Math.Round(percent / 100.0, 6);

    private static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append(@"\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append(@"\n"),
                _ => sb.Append(c),
            };
        }
    }

    private static void AppendValue(StringBuilder sb, double value)
    {
        if (double.IsNaN(value))
        {
            sb.Append("NaN");
            return;
        }

        if (double.IsInfinity(value))
        {
            sb.Append(value > 0 ? "+Inf" : "-Inf");
            return;
        }

        Span<char> buffer = stackalloc char[32];
        if (value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture))
        {
            sb.Append(buffer[..written]);
        }
        else
        {
            sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
