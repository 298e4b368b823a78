using System.Net;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>
/// The published agent on this machine, whose PID 1 is not systemd: it says so plainly, still lists the catalogue with
/// fit verdicts, refuses operations with that message (503), and the rest of the API works as usual.
/// </summary>
public sealed class ServicesProcessTests(RunningAgentFixture fixture) : IClassFixture<RunningAgentFixture>
{
    private const string Plain = "systemd is not running as PID 1 (";

    [Fact]
    public async Task TheCatalogueIsListedWithFitVerdictsAndTheReasonServicesCannotBeManaged()
    {
        if (Directory.Exists("/run/systemd/system"))
        {
            return; // a developer machine booted with systemd: the nspawn tests cover managing services
        }
        var list = await WaitUnavailableAsync();

        Assert.False(list.GetProperty("managed").GetBoolean());
        Assert.Contains("services cannot be managed on this machine", list.GetProperty("unavailable").GetString(), StringComparison.Ordinal);
        var services = list.GetProperty("services").EnumerateArray().ToList();
        Assert.Contains(services, s => s.GetProperty("id").GetString() == "syncthing");
        Assert.All(services, s =>
        {
            Assert.Equal("unknown", s.GetProperty("state").GetString());
            Assert.Matches("^(fits|refused)$", s.GetProperty("fit").GetProperty("outcome").GetString());
            Assert.Contains(" MB of RAM, ", s.GetProperty("fit").GetProperty("summary").GetString(), StringComparison.Ordinal);
        });
        using var one = await fixture.Agent.Http.GetAsync("api/v1/services/syncthing");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        using var node = await fixture.Agent.Http.GetAsync("api/v1/node");
        Assert.Equal(HttpStatusCode.OK, node.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/services/syncthing/install", 503, Plain)]
    [InlineData("api/v1/services/syncthing/start?force=true", 503, Plain)]
    [InlineData("api/v1/services/no-such-service/start", 404, "there is no service 'no-such-service' in the catalogue; known: ")]
    [InlineData("api/v1/services/syncthing/explode", 404, "'explode' is not an operation; use install, start, stop, restart or remove")]
    [InlineData("api/v1/services/syncthing/start?force=maybe", 400, "'force' must be true or false, not 'maybe'")]
    public async Task OperationsOverTheSocketGetAClearProblem(string path, int status, string detail)
    {
        await WaitUnavailableAsync();
        using var http = fixture.Agent.SocketHttp();
        using var response = await http.PostAsync(path, null);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperationsOverTcpAreForTheOwnerOnly()
    {
        using var response = await fixture.Agent.Http.PostAsync("api/v1/services/syncthing/install", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheCliListsShowsAndRefusesPlainly()
    {
        await WaitUnavailableAsync();
        var socket = fixture.Agent.SocketPath;

        var (code, stdout, stderr) = await CliRunner.RunAsync(null, "services", "--socket", socket);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("Service management unavailable: " + Plain, stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^syncthing\s+unknown\s+(fits|refused)\s+\d+\s+Syncthing", stdout);

        (code, stdout, stderr) = await CliRunner.RunAsync(null, "services", "show", "syncthing", "--socket", socket);
        Assert.True(code == 0, stderr);
        Assert.Contains("Fit        syncthing ", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await CliRunner.RunAsync(null, "services", "install", "syncthing", "--force", "--socket", socket);
        Assert.True(code == 65, $"{code}: {stderr}");
        Assert.StartsWith("nodeagent: " + Plain, stderr, StringComparison.Ordinal);

        (code, _, stderr) = await CliRunner.RunAsync(null, "services", "start", "Not_An_Id", "--socket", socket);
        Assert.NotEqual(0, code);
        Assert.Contains("'Not_An_Id' is not a service id: ids are 1-40 characters of a-z, 0-9 and '-'", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await CliRunner.RunAsync(null, "services", "stop", "--socket", socket);
        Assert.NotEqual(0, code);
        Assert.Contains("Required argument missing for command: 'stop'", stderr, StringComparison.Ordinal);
    }

    /// <summary>The manager reads its state just after the agent started: wait for its verdict.</summary>
    private async Task<JsonElement> WaitUnavailableAsync()
    {
        for (var i = 0; ; i++)
        {
            var list = JsonDocument.Parse(await fixture.Agent.Http.GetStringAsync("api/v1/services")).RootElement;
            if (list.GetProperty("unavailable").GetString() is { } why && why.StartsWith(Plain, StringComparison.Ordinal) || i > 100)
            {
                return list;
            }
            await Task.Delay(50);
        }
    }
}
