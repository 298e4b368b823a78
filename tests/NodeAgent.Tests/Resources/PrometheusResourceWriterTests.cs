using System.Text;
using System.Text.RegularExpressions;
using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

public partial class PrometheusResourceWriterTests
{
    [Theory]
    [InlineData("rpi4")]
    [InlineData("apu2")]
    [InlineData("debian-x64-vm")]
    public void EveryLineMatchesTheExpositionGrammarWithoutDuplicates(string fixture)
    {
        string text = Render(fixture);

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var typed = new HashSet<string>();
        var series = new HashSet<string>();
        string? current = null;
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(HelpLine(), line);
                continue;
            }

            var type = TypeLine().Match(line);
            if (type.Success)
            {
                Assert.True(typed.Add(type.Groups[1].Value), $"family declared twice: {line}");
                current = type.Groups[1].Value;
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a valid sample line: {line}");
            Assert.Equal(current, sample.Groups[1].Value); // samples follow their own # TYPE
            Assert.StartsWith("nodeagent_", current, StringComparison.Ordinal);
            Assert.True(series.Add(sample.Groups[1].Value + sample.Groups[2].Value), $"duplicate series: {line}");
        }
    }

    [Fact]
    public void Rpi4ContainsExpectedSeries()
    {
        string text = Render("rpi4");

        Assert.Contains("# TYPE nodeagent_memory_available_bytes gauge\nnodeagent_memory_available_bytes 3221225472\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_cpu_usage_ratio 0.13\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_cpu_core_usage_ratio{cpu=\"3\"} 0.13\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_cpu_info{model=\"Raspberry Pi Compute Module 4 Rev 1.0\",architecture=\"aarch64\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_filesystem_size_bytes{mountpoint=\"/\",fstype=\"ext4\",device=\"/dev/mmcblk0p2\"} 30924800000\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_temperature_celsius{sensor=\"thermal_zone0\",name=\"cpu-thermal\"} 48.686\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE nodeagent_network_receive_bytes_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_network_receive_bytes_total{interface=\"eth0\"} 1000000000\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_network_up{interface=\"eth0\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_pressure_ratio{resource=\"io\",kind=\"some\",window=\"10s\"} 0.125\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_pressure_stalled_seconds_total{resource=\"cpu\",kind=\"some\"} 123.456789\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resource=\"cpu\",kind=\"full\"", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_throttled{flag=\"undervoltage_now\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_throttled{flag=\"arm_frequency_capped_now\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_throttled{flag=\"undervoltage_occurred\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_mmc_life_time_estimate{device=\"mmcblk0\",area=\"A\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_mmc_pre_eol_info{device=\"mmcblk0\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_resource_problems 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nodeagent_filesystem_files{mountpoint=\"/boot/firmware\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Apu2EscapesLabelValuesAndOmitsAbsentFamilies()
    {
        string text = Render("apu2");

        // Mount point /media/usb "backup": the quote is escaped, the space kept.
        Assert.Contains("nodeagent_filesystem_available_bytes{mountpoint=\"/media/usb \\\"backup\\\"\",fstype=\"ext4\",device=\"/dev/sdb1\"} 200040448000\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_filesystem_readonly{mountpoint=\"/mnt/sd\",fstype=\"ext4\",device=\"/dev/mmcblk0p1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodeagent_temperature_celsius{sensor=\"hwmon0/temp1\",name=\"k10temp\"} 52.875\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nodeagent_pressure", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nodeagent_throttled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nodeagent_mmc_", text, StringComparison.Ordinal); // SD card: no wear data
        Assert.DoesNotContain("nodeagent_cpu_info{model=\"AMD GX-412TC SOC\",architecture", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapesBackslashQuoteAndNewlineInLabels()
    {
        var sb = new StringBuilder();
        PrometheusText.Sample(sb, "m", 1.5, new Label("a", "x\\y\"z\nw"), new Label("skipped", null));
        Assert.Equal("m{a=\"x\\\\y\\\"z\\nw\"} 1.5\n", sb.ToString());
        Assert.Matches(SampleLine(), sb.ToString().TrimEnd('\n'));
    }

    private static string Render(string fixture)
    {
        var sb = new StringBuilder();
        PrometheusResourceWriter.Write(sb, HostFixture.SampleOnce(fixture));
        return sb.ToString();
    }

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* ([^\\\n]|\\\\|\\n)*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    // name, optional {label="value",...} with escaped values, a float value (no timestamp).
    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\\\|\\""|\\n)*"")(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\\\|\\""|\\n)*"")*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$")]
    private static partial Regex SampleLine();
}
