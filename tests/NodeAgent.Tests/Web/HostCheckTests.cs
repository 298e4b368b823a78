using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodeAgent.Web;

namespace NodeAgent.Tests.Web;

/// <summary>
/// The Host header check against DNS rebinding: which names reach the node over TCP, and the refusal a page of
/// another site gets. The process tests send forged Host headers to the published agent.
/// </summary>
public sealed class HostCheckTests
{
    private static readonly HostNames Names = new(["localhost", "nodebox", "nodebox.local", "node.example.net."]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("[::1]")]
    [InlineData("[fd00::12:1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("localhost.")]
    [InlineData("nodebox")]
    [InlineData("NodeBox.local")]
    [InlineData("node.example.net")]
    public void TheNodesAddressesAndNamesAreAllowed(string host) => Assert.True(Names.Allows(host));

    [Theory]
    [InlineData("")]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("nodebox.evil.example")]
    [InlineData("example.net")]
    [InlineData("127.1")]            // not how a browser writes an address: a name
    [InlineData("2130706433")]
    [InlineData("::1")]              // IPv6 without brackets is not a Host header
    [InlineData("[::1")]
    [InlineData("[127.0.0.1]")]
    public void AnyOtherNameIsRefused(string host) => Assert.False(Names.Allows(host));

    [Fact]
    public void ThisMachinesOwnNamesAreAlwaysAllowed()
    {
        var names = HostNames.ForThisMachine(["extra.example.org"]);
        Assert.True(names.Allows(Environment.MachineName));
        Assert.True(names.Allows(Environment.MachineName + ".local"));
        Assert.True(names.Allows(System.Net.Dns.GetHostName()));
        Assert.True(names.Allows("extra.example.org"));
        Assert.False(names.Allows("other.example.org"));
    }

    private static async Task<(int Status, HttpContext Context)> SendAsync(string path, string? host)
    {
        using var services = new ServiceCollection().AddLogging().AddSingleton(Names).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        if (host is not null)
        {
            context.Request.Host = new HostString(host);
        }
        context.Response.Body = new MemoryStream();
        await HostCheck.Middleware(context, c =>
        {
            c.Response.StatusCode = 299;
            return Task.CompletedTask;
        });
        return (context.Response.StatusCode, context);
    }

    [Theory]
    [InlineData("/api/v1/resources", "127.0.0.1:8480", 299)]
    [InlineData("/api/v1/resources", "[::1]:8480", 299)]
    [InlineData("/", "nodebox.local:8480", 299)]
    [InlineData("/api/v1/resources", "rebound.evil.example:8480", 421)]
    [InlineData("/", "rebound.evil.example", 421)]
    [InlineData("/assets/js/app.js", "rebound.evil.example", 421)]
    [InlineData("/api/v1/auth", null, 299)] // no Host at all: HTTP/1.0, never a browser
    [InlineData("/healthz", "rebound.evil.example", 299)]
    public async Task TheMiddlewareRefusesForeignNamesBeforeAnyEndpoint(string path, string? host, int status) =>
        Assert.Equal(status, (await SendAsync(path, host)).Status);

    [Fact]
    public async Task TheRefusalSaysHowToReachTheNodeWithoutNamingItsNames()
    {
        var (_, context) = await SendAsync("/api/v1/node", "rebound.evil.example:8480");
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(421, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(
            "this node does not answer to the host name 'rebound.evil.example:8480': open it by its IP address, localhost or its host name (also as HOSTNAME.local), " +
            "or add the name to Web:AllowedHosts in its configuration (names are checked so that no other site can reach it through DNS rebinding)",
            problem.RootElement.GetProperty("detail").GetString());
    }
}
