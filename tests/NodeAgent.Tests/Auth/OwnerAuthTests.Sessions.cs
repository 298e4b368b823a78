using NodeAgent.Auth;
using NodeAgent.Contracts;

namespace NodeAgent.Tests.Auth;

/// <summary>The owner's list of signed-in devices and signing one out.</summary>
public sealed partial class OwnerAuthTests
{
    private AuthOutcome Login(string device) => _auth.Login(new LoginRequest(Password, device), Address);

    [Fact]
    public void TheListShowsEachDeviceNewestUseFirstUnderAnIdThatIsNoCredential()
    {
        var phone = Pair(Code(), Password, "phone");
        _time.Advance(TimeSpan.FromHours(2));
        var laptop = Login("laptop");
        var mine = _auth.Authenticate(laptop.Token)!;

        var sessions = _auth.ListSessions(mine);
        Assert.Equal(["laptop", "phone"], sessions.Select(s => s.Device));
        Assert.Equal([true, false], sessions.Select(s => s.Current));
        Assert.Equal(_time.GetUtcNow(), sessions[0].Created);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromHours(2), sessions[1].LastUsed);
        foreach (var (session, outcome) in sessions.Zip([laptop, phone]))
        {
            Assert.Matches("^[0-9a-f]{16}$", session.Id);
            Assert.True(OwnerAuth.IsPublicId(session.Id));
            // Neither the token, nor its stored hash, nor a piece of either: the id leads back to nothing.
            Assert.DoesNotContain(session.Id, outcome.Token!, StringComparison.Ordinal);
            Assert.DoesNotContain(session.Id, outcome.Session!.Id, StringComparison.Ordinal);
            Assert.Null(_auth.Authenticate(session.Id));
        }
        // Over the local socket no session is the current one.
        Assert.All(_auth.ListSessions(null), s => Assert.False(s.Current));
    }

    [Fact]
    public void ARevokedSessionFailsAtOnceAndStaysGoneAfterARestart()
    {
        var phone = Pair(Code(), Password, "phone");
        var laptop = Login("laptop");
        var by = _auth.Authenticate(laptop.Token)!;
        var phoneId = _auth.ListSessions(by).Single(s => s.Device == "phone").Id;

        var ended = _auth.Revoke(phoneId, by, Address);
        Assert.Equal("phone", ended!.Device);
        Assert.Null(_auth.Authenticate(phone.Token));
        Assert.NotNull(_auth.Authenticate(laptop.Token));
        var revoked = _events.List(1, null)[0];
        Assert.Equal(("auth.session.revoked", $"Device 'phone' was signed out by 'laptop' from {Address}"), (revoked.Kind, revoked.Message));
        Restart();
        Assert.Null(_auth.Authenticate(phone.Token));
        Assert.Equal(["laptop"], _auth.ListSessions(null).Select(s => s.Device));

        // The same id again, or one that never was: nothing to do, nothing written.
        var events = _events.List(100, null).Count;
        Assert.Null(_auth.Revoke(phoneId, null, "the local socket"));
        Assert.Null(_auth.Revoke("0123456789abcdef", null, "the local socket"));
        Assert.Equal(events, _events.List(100, null).Count);
        Assert.Equal(1, _auth.SessionCount);
    }

    [Fact]
    public void TheLocalSocketMaySignOutEveryDeviceIncludingTheCallersOwn()
    {
        var phone = Pair(Code(), Password, "phone");
        var own = _auth.Authenticate(phone.Token)!;
        Assert.Equal(own.Id, _auth.Revoke(_auth.ListSessions(own).Single().Id, own, Address)!.Id);
        Assert.Equal($"Device 'phone' was signed out by itself from {Address}", _events.List(1, null)[0].Message);
        var laptop = Login("laptop");
        _auth.Revoke(_auth.ListSessions(null).Single().Id, null, "the local socket");
        Assert.Equal("Device 'laptop' was signed out over the local socket", _events.List(1, null)[0].Message);
        Assert.Null(_auth.Authenticate(laptop.Token));
        Assert.Empty(_auth.ListSessions(null));
    }

    [Fact]
    public void ExpiredSessionsAreNotListed()
    {
        Pair(Code(), Password, "old phone");
        _time.Advance(OwnerAuth.SessionLifetime);
        Login("laptop");
        Assert.Equal(["laptop"], _auth.ListSessions(null).Select(s => s.Device));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdef0")]
    [InlineData("0123456789abcdeg")]
    public void OnlySixteenLowerCaseHexDigitsAreAPublicId(string? id) => Assert.False(OwnerAuth.IsPublicId(id));
}
