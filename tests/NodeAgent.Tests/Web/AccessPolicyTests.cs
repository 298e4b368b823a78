using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Auth;
using NodeAgent.Configuration;
using NodeAgent.Contracts;
using NodeAgent.Hosting;
using NodeAgent.Storage;
using NodeAgent.Web;

namespace NodeAgent.Tests.Web;

/// <summary>
/// The access policy over TCP from addresses the process tests cannot use (the LAN): requests go through the
/// middleware with a real owner and store behind it.
/// </summary>
public sealed class AccessPolicyTests : IDisposable
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.168.1.20");

    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-policy-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    private readonly NodeStore _store;
    private readonly NodeContext _node;
    private readonly OwnerAuth _owner;
    private readonly ServiceProvider _services;
    private readonly string _token;
    private readonly string _csrf;

    public AccessPolicyTests()
    {
        _store = NodeStore.Open(_dir);
        var events = new EventLog(_store, _time, 100);
        var options = new AgentOptions { NodeName = "policy", DataDir = _dir, SocketPath = Path.Combine(_dir, "s.sock") };
        _node = new NodeContext(options, NodeIdentity.LoadOrCreate(_store, _time), new SettingsStore(_store, events), _time);
        _owner = new OwnerAuth(new OwnerStore(_store, events), events, new PasswordHasher(1000), _time, NullLogger<OwnerAuth>.Instance);
        _services = new ServiceCollection().AddLogging().AddSingleton(_node).AddSingleton(_owner).BuildServiceProvider();
        var paired = _owner.Pair(new PairRequest(_owner.MintCode().Code, "long enough password", "test"), "test", () => false);
        (_token, _csrf) = (paired.Token!, paired.Session!.Csrf);
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Runs one request through the policy; the status is 299 when it reached the endpoint.</summary>
    private async Task<(int Status, HttpContext Context)> SendAsync(
        string method, string path, IPAddress from, bool cookie = false, string? csrf = null, Access? rule = null, bool routed = true)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = from;
        context.Response.Body = new MemoryStream();
        if (cookie)
        {
            context.Request.Headers.Cookie = $"{SessionCookie.Name}={_token}";
        }
        if (csrf is not null)
        {
            context.Request.Headers[AccessPolicy.CsrfHeader] = csrf;
        }
        if (routed)
        {
            var metadata = rule is { } r ? new EndpointMetadataCollection(new AccessRule(r)) : EndpointMetadataCollection.Empty;
            context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(path), 0, metadata, path));
        }
        await AccessPolicy.Middleware(context, c =>
        {
            c.Response.StatusCode = 299;
            return Task.CompletedTask;
        });
        return (context.Response.StatusCode, context);
    }

    [Fact]
    public async Task ReadsFromTheLanNeedASessionUnlessTheOwnerOpenedThem()
    {
        Assert.Equal(401, (await SendAsync("GET", "/api/v1/resources", Lan)).Status);
        Assert.Equal(401, (await SendAsync("GET", "/metrics", Lan)).Status);
        Assert.Equal(299, (await SendAsync("GET", "/api/v1/resources", Lan, cookie: true)).Status);
        Assert.NotNull(_node.Update(new SettingsUpdate(null, null, LanReadOnly: true), []));
        Assert.Equal(299, (await SendAsync("GET", "/api/v1/resources", Lan)).Status);
        Assert.Equal(299, (await SendAsync("HEAD", "/metrics", Lan)).Status);
        Assert.Equal(401, (await SendAsync("PUT", "/api/v1/settings", Lan)).Status);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task ReadsFromLoopbackAreOpen(string address) =>
        Assert.Equal(299, (await SendAsync("GET", "/api/v1/node", IPAddress.Parse(address))).Status);

    [Fact]
    public async Task ChangesNeedTheSessionAndItsCsrfTokenFromAnyAddress()
    {
        foreach (var from in new[] { Lan, IPAddress.Loopback })
        {
            Assert.Equal(401, (await SendAsync("PUT", "/api/v1/settings", from)).Status);
            Assert.Equal(401, (await SendAsync("POST", "/api/v1/services/x/start", from, csrf: _csrf)).Status);
            Assert.Equal(403, (await SendAsync("PUT", "/api/v1/settings", from, cookie: true)).Status);
            Assert.Equal(403, (await SendAsync("DELETE", "/api/v1/settings", from, cookie: true, csrf: _csrf[..^1] + "x")).Status);
            var (status, context) = await SendAsync("PATCH", "/api/v1/settings", from, cookie: true, csrf: _csrf);
            Assert.Equal(299, status);
            Assert.True(AccessPolicy.IsOwner(context));
            Assert.Equal("test", AccessPolicy.Session(context)!.Device);
        }
    }

    [Fact]
    public async Task ARefusalIsAProblemThatSaysWhatToDo()
    {
        var (status, context) = await SendAsync("POST", "/api/v1/feedback/identify", Lan, cookie: true);
        Assert.Equal(403, status);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var problem = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("the X-CSRF-Token header is missing or is not this session's token (GET /api/v1/auth gives it)", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PublicAuthEndpointsAndPagesAreOpenAndCodesOnlyOverTheSocket()
    {
        Assert.Equal(299, (await SendAsync("GET", "/api/v1/auth", Lan, rule: Access.Public)).Status);
        Assert.Equal(299, (await SendAsync("POST", "/api/v1/auth/login", Lan, rule: Access.Public)).Status);
        Assert.Equal(403, (await SendAsync("POST", "/api/v1/auth/code", Lan, cookie: true, csrf: _csrf, rule: Access.LocalSocket)).Status);
        Assert.Equal(299, (await SendAsync("GET", "/", Lan)).Status);
        Assert.Equal(299, (await SendAsync("GET", "/assets/app.js", Lan)).Status);
        Assert.Equal(299, (await SendAsync("GET", "/healthz", Lan)).Status);
        // Unmatched paths and methods keep their 404 and 405 (answered further on).
        Assert.Equal(299, (await SendAsync("DELETE", "/api/v1/node", Lan, routed: false)).Status);
    }

    [Fact]
    public async Task TheListOfSignedInDevicesNeedsASessionEvenFromLoopbackOrAnOpenLan()
    {
        Assert.NotNull(_node.Update(new SettingsUpdate(null, null, LanReadOnly: true), []));
        foreach (var from in new[] { Lan, IPAddress.Loopback })
        {
            Assert.Equal(401, (await SendAsync("GET", "/api/v1/auth/sessions", from, rule: Access.Session)).Status);
            Assert.Equal(299, (await SendAsync("GET", "/api/v1/auth/sessions", from, cookie: true, rule: Access.Session)).Status);
            Assert.Equal(401, (await SendAsync("DELETE", "/api/v1/auth/sessions/0123456789abcdef", from, csrf: _csrf, rule: Access.Session)).Status);
            Assert.Equal(403, (await SendAsync("DELETE", "/api/v1/auth/sessions/0123456789abcdef", from, cookie: true, rule: Access.Session)).Status);
            var (status, context) = await SendAsync("DELETE", "/api/v1/auth/sessions/0123456789abcdef", from, cookie: true, csrf: _csrf, rule: Access.Session);
            Assert.Equal(299, status);
            Assert.True(AccessPolicy.IsOwner(context));
        }
    }

    [Fact]
    public async Task ASessionInUseRenewsItsCookieWhenItsUseIsWritten()
    {
        var (_, fresh) = await SendAsync("GET", "/api/v1/node", Lan, cookie: true);
        Assert.False(fresh.Response.Headers.ContainsKey("Set-Cookie"));
        _time.Advance(TimeSpan.FromHours(2));
        var (_, renewed) = await SendAsync("GET", "/api/v1/node", Lan, cookie: true);
        var cookie = renewed.Response.Headers.SetCookie.ToString();
        Assert.StartsWith($"{SessionCookie.Name}={_token}; max-age=2592000; path=/; samesite=strict; httponly", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
    }
}
