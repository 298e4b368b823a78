using System.Text;
using NodeAgent.Net;

namespace NodeAgent.Tests.Net;

/// <summary>Long answers read line by line, as etcd's watch sends them: lines across chunks, chunks across lines, limits, the end.</summary>
public sealed class Http1StreamingResponseTests
{
    private const string ChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static string Chunk(string data) => $"{Encoding.UTF8.GetByteCount(data):x}\r\n{data}\r\n";

    [Fact]
    public async Task LinesAreReassembledWhateverTheChunkingAndALastLineWithoutNewlineCounts()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(ChunkedHead + Chunk("{\"a\":1}\n{\"b\"") + Chunk(":2}\r\n") + Chunk("\n"));
            await Task.Delay(50);
            await c.SendSplitAsync(Chunk("{\"c\":3}\n{\"d\":4}") + "0\r\n\r\n", 4);
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url));
        using var stream = await client.OpenStreamAsync("POST", "/v3/watch", "{}"u8.ToArray(), "application/json");

        var lines = new List<string>();
        while (await stream.ReadLineAsync() is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        Assert.Equal(200, stream.Status);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}", "{\"d\":4}"], lines);
        Assert.Null(await stream.ReadLineAsync());
    }

    [Fact]
    public async Task AStreamWaitsForLinesAndEndsWithALostConnectionWhenTheServerDies()
    {
        var release = new TaskCompletionSource();
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(ChunkedHead + Chunk("first\n"));
            await release.Task;
            await c.SendAsync(Chunk("second\npartial"));
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url), new Http1ClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        using var stream = await client.OpenStreamAsync("POST", "/v3/watch", Array.Empty<byte>());

        // A line's memory is the stream's buffer, valid until the next read: copied out at once.
        var first = Encoding.UTF8.GetString((await stream.ReadLineAsync())!.Value.Span);
        var waiting = stream.ReadLineAsync().AsTask();
        await Task.Delay(400);
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        var second = Encoding.UTF8.GetString((await waiting)!.Value.Span);
        var error = await Assert.ThrowsAsync<Http1Exception>(async () => await stream.ReadLineAsync());

        Assert.Equal("first", first);
        Assert.Equal("second", second);
        Assert.Equal(Http1Failure.ConnectionLost, error.Failure);
        Assert.Contains("before its answer to POST /v3/watch was complete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineOverTheLimitIsRefused()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(ChunkedHead + Chunk("short\n"));
            for (var i = 0; i < 40; i++)
            {
                await c.SendAsync(Chunk(new string('x', 1000)));
            }
            await c.WaitForCloseAsync();
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url), new Http1ClientOptions { MaxLineBytes = 10_000 });
        using var stream = await client.OpenStreamAsync("POST", "/v3/watch", Array.Empty<byte>());

        Assert.Equal("short", Encoding.UTF8.GetString((await stream.ReadLineAsync())!.Value.Span));
        var error = await Assert.ThrowsAsync<Http1Exception>(async () => await stream.ReadLineAsync());

        Assert.Equal(Http1Failure.TooLarge, error.Failure);
        Assert.Contains("a line over 10000 bytes, over this client's limit (Http1ClientOptions.MaxLineBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineOverTheLimitIsRefusedEvenWhenItsNewlineCameInTheSameRead()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(ChunkedHead + Chunk(new string('x', 3000) + "\n") + "0\r\n\r\n");
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url), new Http1ClientOptions { MaxLineBytes = 2000 });
        using var stream = await client.OpenStreamAsync("POST", "/v3/watch", Array.Empty<byte>());

        var error = await Assert.ThrowsAsync<Http1Exception>(async () => await stream.ReadLineAsync());

        Assert.Equal(Http1Failure.TooLarge, error.Failure);
    }

    [Fact]
    public async Task AnErrorAnswerIsReadWholeAndAHugeChunkSizeInAStreamIsMalformedOnlyWhenItIsNotHex()
    {
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            var request = await c.ReadRequestAsync();
            await c.SendAsync(request!.RequestLine.Contains("/bad", StringComparison.Ordinal)
                ? ChunkedHead + "fffffffffffffffff\r\n"
                : "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\n\r\n{\"code\":14}");
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url));
        using var refused = await client.OpenStreamAsync("POST", "/v3/watch", Array.Empty<byte>());
        using var bad = await client.OpenStreamAsync("POST", "/bad", Array.Empty<byte>());

        var body = await refused.ReadToEndAsync();
        var error = await Assert.ThrowsAsync<Http1Exception>(async () => await bad.ReadLineAsync());

        Assert.Equal(503, refused.Status);
        Assert.Equal("{\"code\":14}", Encoding.UTF8.GetString(body));
        Assert.Equal(Http1Failure.Malformed, error.Failure);
        Assert.Contains("bad chunk size 'fffffffffffffffff'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingTheStreamClosesTheConnectionAtTheServer()
    {
        var closed = new TaskCompletionSource();
        await using var server = ScriptedHttpServer.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.SendAsync(ChunkedHead + Chunk("hello\n"));
            await c.WaitForCloseAsync();
            closed.SetResult();
        });
        using var client = new Http1Client(Http1Endpoint.Parse(server.Url));
        var stream = await client.OpenStreamAsync("POST", "/v3/watch", Array.Empty<byte>());
        await stream.ReadLineAsync();

        stream.Dispose();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
