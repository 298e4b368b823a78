using System.Text;
using NodeAgent.Discovery;

namespace NodeAgent.Tests.Discovery;

public sealed class RecordNoticeTests
{
    [Fact]
    public void ANoticeRoundTripsInFortyNineBytes()
    {
        var notice = new RecordNotice(new string('a', 32), "0123456789abcdef");
        var bytes = notice.Encode();
        Assert.Equal(49, bytes.Length);
        Assert.Equal(notice, RecordNotice.TryDecode(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0123456789abcde")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0123456789abcdef0")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_0123456789abcdef")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 0123456789abcdef")]
    [InlineData("../../../../../../etc/passwd/xx 0123456789abcdef")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0123456789abcdeg")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n0123456789abcdef")]
    public void AnythingElseIsNotANotice(string payload) =>
        Assert.Null(RecordNotice.TryDecode(Encoding.UTF8.GetBytes(payload)));

    [Fact]
    public void NonAsciiBytesAreNotANotice()
    {
        var bytes = new RecordNotice(new string('a', 32), "0123456789abcdef").Encode();
        bytes[3] = 0xC3;
        Assert.Null(RecordNotice.TryDecode(bytes));
    }
}
