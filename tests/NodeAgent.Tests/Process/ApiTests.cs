using System.Net;
using System.Text;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>The HTTP API of the published binary, over loopback.</summary>
public sealed class ApiTests(RunningAgentFixture fixture) : IClassFixture<RunningAgentFixture>
{
    private HttpClient Http => fixture.Agent.Http;

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task HealthzIsHealthy()
    {
        var health = await GetJsonAsync("healthz");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(["store", "resources", "discovery"], health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task NodeSaysWhoItIs()
    {
        var node = await GetJsonAsync("api/v1/node");
        Assert.Matches("^[0-9a-f]{32}$", node.GetProperty("id").GetString());
        Assert.Equal("0.1.0", node.GetProperty("version").GetString());
        Assert.Equal("x64", node.GetProperty("architecture").GetString());
        Assert.True(node.GetProperty("agentUptimeSeconds").GetDouble() >= 0);
        Assert.True(node.GetProperty("hostUptimeSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task ResourcesAreTheLiveMachine()
    {
        var snapshot = await GetJsonAsync("api/v1/resources");
        Assert.True(snapshot.GetProperty("uptimeSeconds").GetDouble() > 0);
        var age = DateTimeOffset.UtcNow - snapshot.GetProperty("timestamp").GetDateTimeOffset();
        Assert.True(age < TimeSpan.FromSeconds(5), $"snapshot is {age} old");
    }

    [Fact]
    public async Task HistoryHasTheMinutesSampledSoFar()
    {
        var series = await GetJsonAsync("api/v1/resources/history?metric=cpu.usage&since=1h");
        Assert.Equal("cpu.usage", series.GetProperty("metric").GetString());
        Assert.Equal("1m", series.GetProperty("resolution").GetString());
        var monthly = await GetJsonAsync("api/v1/resources/history?metric=cpu.usage&since=7d");
        Assert.Equal("15m", monthly.GetProperty("resolution").GetString());
        // A service's footprint has its own series (empty until the service runs here).
        var service = await GetJsonAsync("api/v1/resources/history?metric=service.syncthing.memory&since=1h");
        Assert.Equal("service.syncthing.memory", service.GetProperty("metric").GetString());
        Assert.Equal(0, service.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("api/v1/resources/history", "'metric' must be one of")]
    [InlineData("api/v1/resources/history?metric=bogus", "'metric' must be one of")]
    [InlineData("api/v1/resources/history?metric=service.Sync!.memory", "or service.ID.memory or service.ID.cpu")]
    [InlineData("api/v1/resources/history?metric=service.syncthing.disk", "or service.ID.memory or service.ID.cpu")]
    [InlineData("api/v1/resources/history?metric=cpu.usage&since=tomorrow", "'since' is not understood")]
    [InlineData("api/v1/events?limit=0", "'limit' must be a whole number")]
    [InlineData("api/v1/events?limit=abc", "'limit' must be a whole number")]
    [InlineData("api/v1/events?before=-3", "'before' must be an event id")]
    public async Task BadQueriesGetAProblemNotAnError(string path, string detail)
    {
        var problem = await GetJsonAsync(path, HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPathsAndMethodsGetProblems()
    {
        using (var response = await Http.GetAsync("api/v1/nothing-here"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using (var response = await Http.DeleteAsync("api/v1/node"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task SettingsCannotBeChangedOverTheNetworkWithoutAnOwnerSession()
    {
        using var content = new StringContent("""{"name":"intruder"}""", Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync("api/v1/settings", content);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var settings = await GetJsonAsync("api/v1/settings");
        Assert.NotEqual("intruder", settings.GetProperty("name").GetString());
    }

    [Fact]
    public async Task EventsStartWithTheAgentStarting()
    {
        var events = await fixture.Agent.WaitForEventsAsync("agent.started");
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "agent.started");
    }

    [Fact]
    public async Task MetricsAreValidPrometheusText()
    {
        using var response = await Http.GetAsync("metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        PrometheusExposition.AssertValid(text);
        Assert.Contains("nodeagent_build_info{version=\"0.1.0\",arch=\"x64\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("\nnodeagent_process_resident_memory_bytes ", text, StringComparison.Ordinal);
    }
}
