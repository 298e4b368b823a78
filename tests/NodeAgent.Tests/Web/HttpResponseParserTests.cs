using System.Text;
using NodeAgent.Cli;

namespace NodeAgent.Tests.Web;

public class HttpResponseParserTests
{
    private static (int, string) Parse(string raw)
    {
        var (status, body) = HttpResponseParser.Parse(Encoding.UTF8.GetBytes(raw));
        return (status, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void ReadsChunkedBodies() =>
        Assert.Equal((200, "{\"a\":1}"), Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"));

    [Fact]
    public void ReadsContentLengthBodies() =>
        Assert.Equal((400, "abc"), Parse("HTTP/1.1 400 Bad Request\r\nContent-Length: 3\r\n\r\nabcdef"));

    [Fact]
    public void ReadsUntilCloseWithoutLength() =>
        Assert.Equal((503, "x"), Parse("HTTP/1.1 503 Service Unavailable\r\nContent-Type: a/b\r\n\r\nx"));

    [Theory]
    [InlineData("garbage")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("SSH-2.0 200\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void RefusesMalformedAnswers(string raw) =>
        Assert.Throws<FormatException>(() => HttpResponseParser.Parse(Encoding.UTF8.GetBytes(raw)));
}
