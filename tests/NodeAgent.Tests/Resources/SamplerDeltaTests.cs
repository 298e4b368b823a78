using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

/// <summary>Two samples with rewritten /proc/stat and /proc/net/dev give exact interval values.</summary>
public class SamplerDeltaTests
{
    private const string NetHeader =
        "Inter-|   Receive                                                |  Transmit\n" +
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

    [Fact]
    public void SecondSampleReportsUsageAndRatesOverTheInterval()
    {
        using var host = HostFixture.Copy("rpi4");
        var first = host.Sampler.Sample();
        Assert.Equal(13.0, first.Cpu!.Total.UsagePercent); // since boot

        host.Time.Advance(TimeSpan.FromSeconds(10));

        // Deltas: total 1000 jiffies = user 300, system 100, idle 500, iowait 50, softirq 30, steal 20.
        host.Write("proc/stat",
            "cpu  400300 2000 100100 3400500 80050 0 18030 20 0 0\n" +
            "cpu0 100250 500 25000 850000 20000 0 4500 0 0 0\n" +      // +250 user: 100%
            "cpu1 100000 500 25000 850250 20000 0 4500 0 0 0\n" +      // +250 idle: 0%
            "cpu2 100050 500 25100 850050 20050 0 4500 0 0 0\n" +      // 150 busy of 250: 60%
            "cpu3 100000 500 25000 850200 20000 0 4530 20 0 0\n" +     // 50 busy of 250: 20%
            "intr 1 0\nctxt 1\n");
        host.Write("proc/net/dev", NetHeader +
            "    lo:  133456     1100    0    0    0     0          0         0   133456    1100    0    0    0     0       0          0\n" +
            "  eth0: 1012500000  910000    2    5    0     0          0      1200 502500000  602000    0    1    0     0       0          0\n" +
            " wlan0:   21000      160    0    0    0     0          0         0    10500      95    0    0    0     0       0          0\n");

        var second = host.Sampler.Sample();

        Assert.Empty(second.Problems);
        Assert.Equal(HostFixture.Start.AddSeconds(10), second.Timestamp);
        var cpu = second.Cpu!;
        Assert.Equal(45.0, cpu.Total.UsagePercent);
        Assert.Equal(5.0, cpu.Total.IowaitPercent);
        Assert.Equal(2.0, cpu.Total.StealPercent);
        Assert.Equal([100.0, 0.0, 60.0, 20.0], cpu.Cores.Select(c => c.UsagePercent));
        Assert.Equal(20.0, cpu.Cores[2].IowaitPercent);
        Assert.Equal(8.0, cpu.Cores[3].StealPercent);

        var net = second.NetworkInterfaces.ToDictionary(n => n.Name);
        Assert.Equal(1_250_000, net["eth0"].ReceiveBytesPerSecond);
        Assert.Equal(250_000, net["eth0"].TransmitBytesPerSecond);
        Assert.Equal(100, net["wlan0"].ReceiveBytesPerSecond);
        Assert.Equal(50, net["wlan0"].TransmitBytesPerSecond);
        Assert.Equal(1000, net["lo"].ReceiveBytesPerSecond);

        var metrics = new Dictionary<string, double>();
        ResourceMetrics.Extract(second, metrics);
        Assert.Equal(1_250_100, metrics[ResourceMetrics.NetRxRate]); // loopback left out
        Assert.Equal(250_050, metrics[ResourceMetrics.NetTxRate]);
        Assert.Equal(45.0, metrics[ResourceMetrics.CpuUsage]);
    }

    [Fact]
    public void CounterResetAndNewInterfaceGiveZeroRates()
    {
        using var host = HostFixture.Copy("rpi4");
        host.Sampler.Sample();
        host.Time.Advance(TimeSpan.FromSeconds(5));
        host.Write("proc/net/dev", NetHeader +
            "  eth0:    1000       10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0\n" +
            "  usb0:    5000       10    0    0    0     0          0         0     6000      20    0    0    0     0       0          0\n");

        var s = host.Sampler.Sample();

        Assert.Equal(["eth0", "usb0"], s.NetworkInterfaces.Select(n => n.Name));
        Assert.All(s.NetworkInterfaces, n => Assert.Equal(0, n.ReceiveBytesPerSecond));
        Assert.All(s.NetworkInterfaces, n => Assert.Equal(0, n.TransmitBytesPerSecond));
        Assert.Null(s.NetworkInterfaces[1].OperState); // no sysfs directory for usb0 in the fixture
    }

    [Fact]
    public void UnchangedCountersGiveZeroUsageNotAnError()
    {
        using var host = HostFixture.Copy("apu2");
        host.Sampler.Sample();
        host.Time.Advance(TimeSpan.FromSeconds(10));

        var s = host.Sampler.Sample();

        Assert.Empty(s.Problems);
        Assert.Equal(0, s.Cpu!.Total.UsagePercent);
        Assert.All(s.NetworkInterfaces, n => Assert.Equal(0, n.ReceiveBytesPerSecond));
    }

    [Fact]
    public void RediscoversSensorThatAppearsLater()
    {
        using var host = HostFixture.Copy("apu2");
        Assert.Equal(2, host.Sampler.Sample().Temperatures.Count);

        // A driver loaded after start (udev): visible at the next periodic rediscovery.
        Directory.CreateDirectory(Path.Combine(host.Root, "sys/class/hwmon/hwmon2"));
        host.Write("sys/class/hwmon/hwmon2/name", "nct6775\n");
        host.Write("sys/class/hwmon/hwmon2/temp1_input", "41000\n");
        host.Write("sys/class/hwmon/hwmon2/temp1_label", "SYSTIN\n");
        for (int i = 1; i < ResourceSampler.RediscoverEvery; i++)
        {
            Assert.Equal(2, host.Sampler.Sample().Temperatures.Count);
        }

        var s = host.Sampler.Sample();
        var added = s.Temperatures[2];
        Assert.Equal("hwmon2/temp1", added.Sensor);
        Assert.Equal("SYSTIN", added.Label);
        Assert.Equal(41.0, added.Celsius);
    }
}
