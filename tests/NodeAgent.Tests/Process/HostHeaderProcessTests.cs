using System.Net;
using System.Text.Json;

namespace NodeAgent.Tests.Process;

/// <summary>
/// DNS rebinding against the published binary over real TCP: a request whose Host header is a foreign name (what a
/// browser sends after a page of another site rebound its name to 127.0.0.1) is refused with 421 on every path but
/// /healthz; the node's own names and the configured ones pass; the Unix socket is not concerned.
/// </summary>
public sealed class HostHeaderProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<HttpStatusCode> GetAsync(AgentProcess agent, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var response = await agent.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task ARequestForAForeignHostNameIsRefusedAndTheNodesOwnNamesAnswer()
    {
        await using var agent = await AgentProcess.StartAsync(_dir, new Dictionary<string, string> { ["NODEAGENT__WEB__ALLOWEDHOSTS"] = "node.example.net" });
        var port = agent.Port;
        foreach (var path in new[] { "api/v1/node", "api/v1/auth", "api/v1/settings", "metrics", "", "assets/js/app.js", "no/such/path" })
        {
            Assert.Equal(HttpStatusCode.MisdirectedRequest, await GetAsync(agent, path, $"rebound.evil.example:{port}"));
            Assert.Equal(HttpStatusCode.MisdirectedRequest, await GetAsync(agent, path, "localhost.evil.example"));
        }
        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", "LocalHost", $"{Environment.MachineName}:{port}", $"{Environment.MachineName}.local", $"node.example.net:{port}", "[::1]" })
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(agent, "api/v1/node", host));
        }
        Assert.Equal(HttpStatusCode.OK, await GetAsync(agent, "healthz", "rebound.evil.example"));

        // HTTP/1.0 without Host (a shell script over /dev/tcp, busybox wget): no browser sends that, so it passes.
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            await stream.WriteAsync("GET /api/v1/node HTTP/1.0\r\n\r\n"u8.ToArray());
            using var reader = new StreamReader(stream);
            Assert.StartsWith("HTTP/1.1 200", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        // A change is refused for its name before its session is even looked at.
        using (var put = new HttpRequestMessage(HttpMethod.Put, "api/v1/settings") { Content = new StringContent("""{"name":"rebound"}""", System.Text.Encoding.UTF8, "application/json") })
        {
            put.Headers.Host = "rebound.evil.example";
            using var refused = await agent.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.StartsWith("this node does not answer to the host name 'rebound.evil.example': open it by its IP address, localhost or its host name", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("node.example.net", detail, StringComparison.Ordinal); // the page that asked may read this
            Assert.DoesNotContain(Environment.MachineName, detail, StringComparison.OrdinalIgnoreCase);
        }

        // The CLI's socket sends "Host: nodeagent": not a name of this node, and not checked there.
        var (exit, stdout, stderr) = await CliRunner.RunAsync(null, "settings", "--socket", agent.SocketPath);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("Name ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadAllowedHostStopsTheStartWithTheReason()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(new Dictionary<string, string> { ["NODEAGENT__WEB__ALLOWEDHOSTS"] = "node.example.net;http://evil.example" },
            "run", "--data", Path.Combine(_dir, "data"), "--urls", "http://127.0.0.1:1");
        Assert.Equal(78, code);
        Assert.Contains("environment variable NODEAGENT__WEB__ALLOWEDHOSTS: 'http://evil.example' is not a host name: write the name alone, without scheme or path", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")));
    }
}
