using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NodeAgent.Net;

namespace NodeAgent.Tests.Net;

/// <summary>Buffered requests against a scripted server: framing, keep-alive, and every way an answer can be wrong.</summary>
public sealed class Http1ClientTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private static Http1Client Client(ScriptedHttpServer server, Http1ClientOptions? options = null) =>
        new(Http1Endpoint.Parse(server.Url), options);

    /// <summary>A server that answers every request on a connection with <paramref name="answer"/>.</summary>
    private static ScriptedHttpServer Answering(string answer, List<ScriptedRequest>? seen = null) => ScriptedHttpServer.Start(async c =>
    {
        while (await c.ReadRequestAsync() is { } request)
        {
            lock (seen ?? [])
            {
                seen?.Add(request);
            }
            await c.SendAsync(answer);
        }
    });

    [Fact]
    public async Task ContentLengthAnswersReuseOneKeptAliveConnection()
    {
        var seen = new List<ScriptedRequest>();
        await using var server = Answering(Ok, seen);
        using var client = Client(server);

        var first = await client.SendAsync("POST", "/v3/kv/put", "{\"a\":1}"u8.ToArray(), "application/json");
        var second = await client.SendAsync("GET", "/health");

        Assert.Equal(200, first.Status);
        Assert.Equal("hello", Encoding.ASCII.GetString(first.Body));
        Assert.Equal("hello", Encoding.ASCII.GetString(second.Body));
        Assert.Equal(1, server.Accepted);
        Assert.Equal("POST /v3/kv/put HTTP/1.1", seen[0].RequestLine);
        Assert.Equal(server.Url["http://".Length..], seen[0].Headers["Host"]);
        Assert.Equal("application/json", seen[0].Headers["Content-Type"]);
        Assert.Equal("{\"a\":1}", seen[0].BodyText);
        Assert.False(seen[1].Headers.ContainsKey("Content-Length"));
    }

    [Fact]
    public async Task ChunkedBodySplitAnywhereWithExtensionsAndTrailersIsReassembledAndTheConnectionReused()
    {
        const string answer = "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nTrailer: Grpc-Trailer-Content-Type\r\n\r\n" +
                              "5;ext=1\r\nhello\r\n1B\r\n, world of chunked bodies!!\r\n0\r\nGrpc-Trailer-Content-Type: application/grpc\r\n\r\n";
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            while (await c.ReadRequestAsync() is not null)
            {
                await c.SendSplitAsync(answer, 3);
            }
        });
        using var client = Client(server);

        var first = await client.SendAsync("POST", "/x", Array.Empty<byte>());
        var second = await client.SendAsync("POST", "/x", Array.Empty<byte>());

        Assert.Equal(404, first.Status);
        Assert.False(first.IsSuccess);
        Assert.Equal("hello, world of chunked bodies!!", Encoding.ASCII.GetString(first.Body));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task InterimContinueIsSkippedAndABodyUntilCloseIsReadWithoutReuse()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX-Thing: a b\r\n\r\nuntil the end");
        });
        using var client = Client(server);

        var first = await client.SendAsync("GET", "/");
        var second = await client.SendAsync("GET", "/");

        Assert.Equal("until the end", Encoding.ASCII.GetString(first.Body));
        Assert.Equal("a b", first.GetHeader("x-thing"));
        Assert.Equal("until the end", Encoding.ASCII.GetString(second.Body));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task AnIdleConnectionTheServerClosedIsReplacedWithoutFailingTheRequest()
    {
        // The server answers one request per connection, then closes without saying so (no "Connection: close").
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(Ok);
        });
        using var client = Client(server);

        await client.SendAsync("GET", "/");
        await Task.Delay(50);
        var again = await client.SendAsync("GET", "/");

        Assert.Equal("hello", Encoding.ASCII.GetString(again.Body));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task ConnectionCloseIsHonoured()
    {
        await using var server = Answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        using var client = Client(server);

        await client.SendAsync("GET", "/");
        await client.SendAsync("GET", "/");

        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task BothContentLengthAndChunkedUsesChunkedAndDoesNotReuse()
    {
        await using var server = Answering("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        using var client = Client(server);

        var first = await client.SendAsync("GET", "/");
        await client.SendAsync("GET", "/");

        Assert.Equal("ok", Encoding.ASCII.GetString(first.Body));
        Assert.Equal(2, server.Accepted);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", "bad status line 'SSH-2.0-OpenSSH_9.2'")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "bad status line")]
    [InlineData("HTTP/2 200\r\n\r\n", "bad status line")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "bad header line 'no colon here'")]
    [InlineData("HTTP/1.1 200 OK\r\n folded: value\r\n\r\n", "bad header line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length '-1'")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", "bad Content-Length '3'")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "unsupported Transfer-Encoding 'gzip, chunked'")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size 'zz'")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n", "bad chunk size '-5'")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "bad chunk size ''")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", "bad chunk size '10000000000000000'")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n", "chunk data longer than its declared size")]
    public async Task MalformedAnswersFailWithTheDetailTheEndpointAndTheRequest(string answer, string detail)
    {
        await using var server = Answering(answer);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("POST", "/v3/kv/range", Array.Empty<byte>()));

        Assert.Equal(Http1Failure.Malformed, error.Failure);
        Assert.StartsWith($"{server.Url} sent a malformed HTTP answer to POST /v3/kv/range: {detail}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeSizesAreRefusedBeforeAnyOfTheBodyIsRead()
    {
        var options = new Http1ClientOptions { MaxBodyBytes = 1000, RequestTimeout = TimeSpan.FromSeconds(5) };
        // Neither server sends the body it announces: waiting for it would time out instead of failing at once.
        await using var declared = Answering("HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n");
        await using var chunk = Answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + new string('x', 1000) + "\r\n1\r\n");
        using var a = Client(declared, options);
        using var b = Client(chunk, options);
        var watch = Stopwatch.StartNew();

        var byLength = await Assert.ThrowsAsync<Http1Exception>(() => a.SendAsync("GET", "/"));
        var byChunk = await Assert.ThrowsAsync<Http1Exception>(() => b.SendAsync("GET", "/"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
        Assert.Equal(Http1Failure.TooLarge, byLength.Failure);
        Assert.Contains("a Content-Length of 1001 bytes, over this client's limit (Http1ClientOptions.MaxBodyBytes)", byLength.Message, StringComparison.Ordinal);
        Assert.Equal(Http1Failure.TooLarge, byChunk.Failure);
        Assert.Contains("a chunk of 1 bytes after 1000", byChunk.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyUntilCloseOverTheLimitIsRefused()
    {
        var options = new Http1ClientOptions { MaxBodyBytes = 64 * 1024 };
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync("HTTP/1.1 200 OK\r\n\r\n");
            for (var i = 0; i < 100; i++)
            {
                await c.SendAsync(new byte[4096]);
            }
        });
        using var client = Client(server, options);

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("GET", "/"));

        Assert.Equal(Http1Failure.TooLarge, error.Failure);
        Assert.Contains("a body over 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedHeadsAreRefused()
    {
        var options = new Http1ClientOptions { MaxHeaderBytes = 4096, MaxHeaderCount = 10 };
        await using var big = Answering("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 5000) + "\r\n\r\n");
        await using var many = Answering("HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"X-{i}: v\r\n")) + "\r\n");
        await using var endless = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync("HTTP/1.1 200 OK\r\nX-Endless: ");
            for (var i = 0; i < 1000; i++)
            {
                await c.SendAsync(new string('z', 1024));
            }
        });
        using var a = Client(big, options);
        using var b = Client(many, options);
        using var c = Client(endless, new Http1ClientOptions { MaxHeaderBytes = 1024 * 1024 });

        var tooBig = await Assert.ThrowsAsync<Http1Exception>(() => a.SendAsync("GET", "/"));
        var tooMany = await Assert.ThrowsAsync<Http1Exception>(() => b.SendAsync("GET", "/"));
        var tooLong = await Assert.ThrowsAsync<Http1Exception>(() => c.SendAsync("GET", "/"));

        Assert.Equal(Http1Failure.TooLarge, tooBig.Failure);
        Assert.Contains("with headers over 4096 bytes", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("with more than 10 headers", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("with a line over 16384 bytes", tooLong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: cut")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("")]
    public async Task AnAnswerCutShortFailsAsALostConnection(string partial)
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(partial);
        });
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("POST", "/v3/lease/grant", Array.Empty<byte>()));

        Assert.Equal(Http1Failure.ConnectionLost, error.Failure);
        Assert.Equal(
            $"{server.Url} closed the connection before its answer to POST /v3/lease/grant was complete; the server may have stopped or restarted",
            error.Message);
    }

    [Fact]
    public async Task NothingListeningFailsQuicklyAsUnreachable()
    {
        var port = FreePort();
        using var client = new Http1Client(Http1Endpoint.Tcp("127.0.0.1", port));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("GET", "/"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), watch.Elapsed.ToString());
        Assert.Equal(Http1Failure.Unreachable, error.Failure);
        Assert.Equal($"nothing is listening at http://127.0.0.1:{port} (connection refused); start the server there or correct the address", error.Message);
    }

    [Fact]
    public async Task ASilentServerTimesOut()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WaitForCloseAsync();
        });
        using var client = Client(server, new Http1ClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("POST", "/v3/kv/put", Array.Empty<byte>()));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.Equal(Http1Failure.Timeout, error.Failure);
        Assert.Equal($"{server.Url} did not answer POST /v3/kv/put within 0.3 s; the server may be overloaded or stuck", error.Message);
    }

    [Fact]
    public async Task CancellingIsNotReportedAsATimeout()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WaitForCloseAsync();
        });
        using var client = Client(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync("GET", "/", cancellationToken: cancel.Token));
    }

    [Theory]
    [InlineData("GET", "/a\r\nX-Injected: 1", null)]
    [InlineData("GET", "/", "v\nX-Injected: 1")]
    public async Task LineBreaksInTheRequestAreRefusedBeforeAnythingIsSent(string method, string target, string? headerValue)
    {
        await using var server = Answering(Ok);
        using var client = Client(server);
        var headers = headerValue is null ? null : new[] { KeyValuePair.Create("X-Value", headerValue) };

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(method, target, headers: headers));
    }

    [Fact]
    public async Task UnixSocketsWork()
    {
        var path = Path.Combine(Path.GetTempPath(), $"h1-{Guid.NewGuid():N}.sock");
        var seen = new List<ScriptedRequest>();
        try
        {
            await using var server = ScriptedHttpServer.StartUnix(path, async c =>
            {
                while (await c.ReadRequestAsync() is { } r)
                {
                    seen.Add(r);
                    await c.SendAsync(Ok);
                }
            });
            using var client = new Http1Client(Http1Endpoint.Parse($"unix:{path}"));

            var answer = await client.SendAsync("GET", "/api/v1/status");

            Assert.Equal("hello", Encoding.ASCII.GetString(answer.Body));
            Assert.Equal("localhost", Assert.Single(seen).Headers["Host"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AMissingUnixSocketSaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.sock");
        using var client = new Http1Client(Http1Endpoint.Unix(path));

        var error = await Assert.ThrowsAsync<Http1Exception>(() => client.SendAsync("GET", "/"));

        Assert.Equal(Http1Failure.Unreachable, error.Failure);
        Assert.Equal($"there is no socket at unix:{path}; start the server or correct the path", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:2379", "http://127.0.0.1:2379")]
    [InlineData("http://localhost:2379/", "http://localhost:2379")]
    [InlineData("http://[::1]:2379", "http://[::1]:2379")]
    [InlineData("unix:/run/x.sock", "unix:/run/x.sock")]
    public void EndpointsParseAndPrintBack(string text, string printed) => Assert.Equal(printed, Http1Endpoint.Parse(text).ToString());

    [Theory]
    [InlineData("https://127.0.0.1:2379")]
    [InlineData("127.0.0.1:2379")]
    [InlineData("unix:")]
    public void EndpointsThisClientCannotUseAreRefusedWithWhatToWrite(string text)
    {
        var error = Assert.Throws<FormatException>(() => Http1Endpoint.Parse(text));

        Assert.Contains("write http://HOST:PORT (plain HTTP, no TLS) or unix:/path/to.sock", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
