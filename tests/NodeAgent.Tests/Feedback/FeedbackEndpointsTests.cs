using System.Text;
using Microsoft.AspNetCore.Http;
using NodeAgent.Web;

namespace NodeAgent.Tests.Feedback;

public class FeedbackEndpointsTests
{
    private static Task<(int? Seconds, string? Problem)> Read(string? query, string? body)
    {
        var context = new DefaultHttpContext();
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        return FeedbackEndpoints.ReadSecondsAsync(context.Request, CancellationToken.None);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("?seconds=10", null, 10)]
    [InlineData(null, "{\"seconds\":120}", 120)]
    [InlineData(null, "{}", null)]
    [InlineData(null, "{\"seconds\":3600}", 3600)]
    public async Task AcceptsADurationFromTheQueryOrTheBody(string? query, string? body, int? expected) =>
        Assert.Equal((expected, (string?)null), await Read(query, body));

    [Theory]
    [InlineData("?seconds=0", null)]
    [InlineData("?seconds=-5", null)]
    [InlineData("?seconds=ten", null)]
    [InlineData(null, "{\"seconds\":3601}")]
    [InlineData(null, "{\"seconds\":0}")]
    public async Task RefusesDurationsOutOfRange(string? query, string? body) =>
        Assert.Equal((null, "'seconds' must be a whole number from 1 to 3600"), await Read(query, body));

    [Fact]
    public async Task RefusesABodyThatIsNotAnIdentifyRequest()
    {
        var (seconds, problem) = await Read(null, "[1,2]");
        Assert.Null(seconds);
        Assert.StartsWith("the body is not an identify request (", problem, StringComparison.Ordinal);
        Assert.EndsWith("send {\"seconds\": 30} or nothing", problem, StringComparison.Ordinal);
    }
}
