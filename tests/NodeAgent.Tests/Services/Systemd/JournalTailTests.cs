using NodeAgent.Services.Systemd;

namespace NodeAgent.Tests.Services.Systemd;

/// <summary>The journal of a unit in the booted container, read with journalctl inside it.</summary>
[Collection("Nspawn")]
[Trait("Category", "Nspawn")]
public sealed class JournalTailTests(NspawnFixture fixture)
{
    private readonly NspawnContainer _container = fixture.Container;

    [Fact]
    public async Task TheLastLinesOfAUnitComeBackOldestFirst()
    {
        _container.WriteFile("/etc/systemd/system/na-talks.service",
            "[Service]\nExecStart=/bin/sh -c 'i=0; while :; do i=$((i+1)); echo \"line $i\"; sleep 0.1; done'\n");
        await using var systemd = await SystemdClient.ConnectAsync(_container.Options);
        await systemd.ReloadAsync();
        await systemd.StartAsync("na-talks.service");
        var journal = new JournalTail(_container.Commands);

        IReadOnlyList<JournalEntry> lines = [];
        for (int i = 0; i < 50 && lines.Count(l => l.Message.StartsWith("line ", StringComparison.Ordinal)) < 3; i++)
        {
            await Task.Delay(100);
            lines = await journal.ReadAsync("na-talks.service", 3);
        }

        await systemd.StopAsync("na-talks.service");
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal("sh", l.Identifier));
        Assert.All(lines, l => Assert.Equal(6, l.Priority));
        int[] numbers = [.. lines.Select(l => int.Parse(l.Message["line ".Length..], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal([numbers[0], numbers[0] + 1, numbers[0] + 2], numbers);
        Assert.True(lines[0].Time <= lines[2].Time);
        Assert.InRange(DateTimeOffset.UtcNow - lines[2].Time, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AUnitThatNeverLoggedHasNoLines()
    {
        var journal = new JournalTail(_container.Commands);

        Assert.Empty(await journal.ReadAsync("never-ran.service", 10));
    }
}
