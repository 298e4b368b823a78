using NodeAgent.FirstBoot;

namespace NodeAgent.Tests.FirstBoot;

public sealed class PreseedReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-firstboot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Report(string text, DateTime writtenUtc)
    {
        var path = Path.Combine(_dir, "preseed-errors");
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, writtenUtc);
        return path;
    }

    [Fact]
    public void A_rejection_written_this_boot_is_read_whole()
    {
        var booted = DateTimeOffset.UtcNow.AddMinutes(-5);
        Report("/boot/efi/nodeagent.txt was rejected\n  line 2: unknown key WIFI\n", booted.UtcDateTime.AddSeconds(20));

        var report = PreseedReport.ReadRejection(_dir, booted);

        Assert.Equal("/boot/efi/nodeagent.txt was rejected\n  line 2: unknown key WIFI", report);
    }

    [Fact]
    public void A_rejection_from_an_earlier_boot_is_not_news()
    {
        var booted = DateTimeOffset.UtcNow.AddMinutes(-5);
        Report("old report", booted.UtcDateTime.AddDays(-1));

        Assert.Null(PreseedReport.ReadRejection(_dir, booted));
    }

    [Fact]
    public void No_report_means_no_rejection()
    {
        Assert.Null(PreseedReport.ReadRejection(_dir, DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Null(PreseedReport.ReadRejection(Path.Combine(_dir, "missing"), DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public void An_oversized_report_is_cut_at_4_KiB()
    {
        var booted = DateTimeOffset.UtcNow.AddMinutes(-5);
        Report(new string('x', 100_000), booted.UtcDateTime.AddSeconds(1));

        Assert.Equal(4096, PreseedReport.ReadRejection(_dir, booted)!.Length);
    }
}
