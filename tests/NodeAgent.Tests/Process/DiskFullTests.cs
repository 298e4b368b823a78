using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>
/// A full disk must not kill the agent, and it must recover once space is freed: the most common
/// complaint about home-server agents. The data directory is a 4 MiB tmpfs the test fills up.
/// Needs root (mount), as CI runs.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = Directory.CreateTempSubdirectory("nodeagent-full-").FullName;

    public async Task InitializeAsync() => await RunAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _mount);

    public async Task DisposeAsync()
    {
        await RunAsync("umount", _mount);
        Directory.Delete(_mount);
    }

    [Fact]
    public async Task WritesFailCleanlyWhileFullAndWorkAgainOnceSpaceIsFreed()
    {
        var data = Path.Combine(_mount, "data");
        await using var agent = await AgentProcess.StartAsync(data);
        using var socket = agent.SocketHttp();
        Assert.Equal(HttpStatusCode.OK, (await PutNameAsync(socket, "before-full")).StatusCode);

        var filler = Path.Combine(_mount, "filler");
        await FillAsync(filler);

        using (var refused = await PutNameAsync(socket, "while-full"))
        {
            Assert.Equal((HttpStatusCode)507, refused.StatusCode);
            Assert.Contains("nothing was changed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var health = await agent.Http.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        Assert.Matches(@"\nnodeagent_store_write_errors_total [1-9]", await agent.Http.GetStringAsync("metrics"));
        // Reads still work while the disk is full.
        using (var settings = JsonDocument.Parse(await agent.Http.GetStringAsync("api/v1/settings")))
        {
            Assert.Equal("before-full", settings.RootElement.GetProperty("name").GetString());
        }

        File.Delete(filler);
        Assert.Equal(HttpStatusCode.OK, (await PutNameAsync(socket, "after-full")).StatusCode);
        using (var health = await agent.Http.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        Assert.Equal(0, await agent.StopAsync());

        await using var again = await AgentProcess.StartAsync(data);
        using var saved = JsonDocument.Parse(await again.Http.GetStringAsync("api/v1/settings"));
        Assert.Equal("after-full", saved.RootElement.GetProperty("name").GetString());
    }

    private static Task<HttpResponseMessage> PutNameAsync(HttpClient http, string name) =>
        http.PutAsync("api/v1/settings", new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json"));

    private static async Task FillAsync(string path)
    {
        // Unbuffered, so the failing write is the last one and closing has nothing left to flush.
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await file.WriteAsync(block);
            }
        }
        catch (IOException)
        {
            // No space left: exactly where the test wants the disk.
        }
    }

    private static async Task RunAsync(string command, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed (this test needs root): {error}");
    }
}
