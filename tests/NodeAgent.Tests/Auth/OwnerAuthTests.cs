using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Auth;
using NodeAgent.Contracts;
using NodeAgent.Storage;

namespace NodeAgent.Tests.Auth;

/// <summary>Pairing, login, sessions and codes against a real store on disk, with a clock moved by hand.</summary>
public sealed partial class OwnerAuthTests : IDisposable
{
    private const string Password = "ten chars at least";
    private const string Address = "192.0.2.7";

    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-auth-").FullName;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    private NodeStore _store;
    private EventLog _events;
    private OwnerAuth _auth;
    private bool _window;

    public OwnerAuthTests()
    {
        (_store, _events, _auth) = Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private (NodeStore, EventLog, OwnerAuth) Open()
    {
        var store = NodeStore.Open(_dir);
        var events = new EventLog(store, _time, 1000);
        return (store, events, new OwnerAuth(new OwnerStore(store, events), events, new PasswordHasher(1000), _time, NullLogger<OwnerAuth>.Instance));
    }

    /// <summary>The agent stops and starts again on the same store.</summary>
    private void Restart()
    {
        _store.Dispose();
        (_store, _events, _auth) = Open();
    }

    private bool UseWindow()
    {
        var open = _window;
        _window = false;
        return open;
    }

    private AuthOutcome Pair(string? code, string? password = null, string? device = "phone") =>
        _auth.Pair(new PairRequest(code, password, device), Address, UseWindow);

    private string Code() => _auth.MintCode().Code;

    private List<string> EventKinds() => [.. _events.List(100, null).Select(e => e.Kind)];

    [Fact]
    public void TheFirstOwnerPairsWithACodeAndSetsThePassword()
    {
        Assert.False(_auth.HasOwner);
        var code = Code();
        Assert.Matches(@"^\d{3}-\d{3}$", code);
        var paired = Pair(code, Password);
        Assert.Equal(200, paired.Status);
        Assert.True(_auth.HasOwner);
        var session = _auth.Authenticate(paired.Token);
        Assert.NotNull(session);
        Assert.Equal((paired.Session!.Id, paired.Session.Csrf, "phone"), (session.Id, session.Csrf, session.Device));
        Assert.NotEqual(paired.Token, session.Id);
        Assert.Equal(SessionTokens.IdOf(paired.Token!), session.Id);
        var paired1 = _events.List(1, null)[0];
        Assert.Equal("auth.paired", paired1.Kind);
        Assert.Equal($"Device 'phone' paired from {Address} with a code from `nodeagent pair`; it set the owner password", paired1.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nine char")]
    public void TheFirstOwnerNeedsATenCharacterPasswordAndABadOneUsesUpNothing(string? password)
    {
        var code = Code();
        var refused = Pair(code, password);
        Assert.Equal(400, refused.Status);
        Assert.Contains("this node has no owner yet", refused.Problem, StringComparison.Ordinal);
        Assert.False(_auth.HasOwner);
        Assert.Equal(200, Pair(code, Password).Status);
    }

    [Fact]
    public void ACodeWorksOnce()
    {
        var code = Code();
        Assert.Equal(200, Pair(code, Password).Status);
        var again = Pair(code);
        Assert.Equal(403, again.Status);
        Assert.Equal("the code is wrong, used or expired: run `nodeagent pair` on the node for a new one (codes last 10 minutes and work once)", again.Problem);
        Assert.Null(again.Token);
        Assert.Equal(["auth.pair.refused", "auth.paired"], EventKinds());
        Assert.Equal(1, _auth.PairFailures);
    }

    [Fact]
    public void ACodeExpiresAfterTenMinutes()
    {
        var first = Code();
        _time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        var second = Code();
        Assert.Equal(200, Pair(first, Password).Status);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(403, Pair(second).Status);
    }

    [Fact]
    public void CodesDoNotSurviveARestart()
    {
        var code = Code();
        Restart();
        Assert.Equal(403, Pair(code, Password).Status);
    }

    [Fact]
    public void TenWrongCodesVoidEveryOutstandingOne()
    {
        var code = Code();
        var wrong = code == "000-000" ? "000-001" : "000-000";
        for (var i = 0; i < PairingCodes.MaxWrongGuesses; i++)
        {
            Assert.Equal(403, Pair(wrong, Password).Status);
        }
        Assert.Equal(403, Pair(code, Password).Status);
        Assert.Contains("every outstanding code was voided", _events.List(2, null)[1].Message, StringComparison.Ordinal);
        Assert.Equal(200, Pair(Code(), Password).Status);
    }

    [Fact]
    public void WithoutACodeOrAnOpenWindowPairingIsRefused()
    {
        var refused = Pair(null, Password);
        Assert.Equal(403, refused.Status);
        Assert.StartsWith("no pairing window is open: hold the node's button for 3 seconds", refused.Problem, StringComparison.Ordinal);
        Assert.Equal($"Pairing refused for {Address}: no code and no pairing window open", _events.List(1, null)[0].Message);
        Assert.False(_auth.HasOwner);
    }

    [Fact]
    public void AnOpenWindowPairsOneDeviceAndLaterDevicesNeedNoPassword()
    {
        Assert.Equal(200, Pair(Code(), Password).Status);
        _window = true;
        var second = Pair(null, device: "laptop");
        Assert.Equal(200, second.Status);
        Assert.Equal("Device 'laptop' paired from 192.0.2.7 in the button's pairing window", _events.List(1, null)[0].Message);
        Assert.Equal(403, Pair(null, device: "tablet").Status);
        _window = true;
        var withPassword = Pair(null, "another password");
        Assert.Equal(400, withPassword.Status);
        Assert.True(_window, "a refused request must not use up the window");
    }

    [Theory]
    [InlineData("12-345")]
    [InlineData("abc-def")]
    [InlineData("1234567")]
    public void AMalformedCodeIsABadRequest(string code) =>
        Assert.Equal(400, Pair(code, Password).Status);

    [Fact]
    public void LoginNeedsTheRightPassword()
    {
        Assert.Equal(401, _auth.Login(new LoginRequest(Password), Address).Status);
        Pair(Code(), Password);
        var wrong = _auth.Login(new LoginRequest("not the password"), Address);
        Assert.Equal((401, "wrong password"), (wrong.Status, wrong.Problem));
        Assert.Null(wrong.Token);
        Assert.Equal(1, _auth.LoginFailures);
        Assert.Equal($"Wrong owner password from {Address}", _events.List(1, null)[0].Message);
        Assert.DoesNotContain(_events.List(100, null), e => e.Message.Contains("not the password", StringComparison.Ordinal));
        var right = _auth.Login(new LoginRequest(Password, "desk"), Address);
        Assert.Equal(200, right.Status);
        Assert.Equal("desk", _auth.Authenticate(right.Token)!.Device);
    }

    [Fact]
    public void SessionsSurviveARestartAndLogoutEndsThem()
    {
        var token = Pair(Code(), Password).Token;
        Restart();
        Assert.True(_auth.HasOwner);
        var session = _auth.Authenticate(token);
        Assert.NotNull(session);
        _auth.Logout(session, Address);
        Assert.Null(_auth.Authenticate(token));
        Restart();
        Assert.Null(_auth.Authenticate(token));
    }

    [Fact]
    public void ASessionSlidesWithUseWrittenAtMostHourlyAndExpiresAfterThirtyIdleDays()
    {
        var token = Pair(Code(), Password).Token;
        var writes = _store.Writes;
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(_auth.Authenticate(token)!.Renewed);
        Assert.Equal(writes, _store.Writes);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_auth.Authenticate(token)!.Renewed);
        Assert.Equal(writes + 1, _store.Writes);
        _time.Advance(TimeSpan.FromDays(29));
        Restart();
        Assert.NotNull(_auth.Authenticate(token));
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Null(_auth.Authenticate(token));
        Assert.Equal(0, _auth.SessionCount);
    }

    [Fact]
    public void PastTheCapTheLeastRecentlyUsedSessionIsEvicted()
    {
        var first = Pair(Code(), Password).Token;
        var tokens = new List<string?>();
        for (var i = 1; i < OwnerAuth.MaxSessions; i++)
        {
            _time.Advance(TimeSpan.FromHours(2));
            tokens.Add(_auth.Login(new LoginRequest(Password), Address).Token);
        }
        Assert.Equal(OwnerAuth.MaxSessions, _auth.SessionCount);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.NotNull(_auth.Authenticate(first)); // used now: the second-oldest is the least recently used
        _auth.Login(new LoginRequest(Password), Address);
        Assert.Equal(OwnerAuth.MaxSessions, _auth.SessionCount);
        Assert.NotNull(_auth.Authenticate(first));
        Assert.Null(_auth.Authenticate(tokens[0]));
        Restart();
        Assert.Equal(OwnerAuth.MaxSessions, _auth.SessionCount);
    }

    [Fact]
    public void ChangingThePasswordNeedsTheCurrentOneAndSignsOutTheOtherSessions()
    {
        var mine = Pair(Code(), Password);
        var other = _auth.Login(new LoginRequest(Password), Address).Token;
        var session = _auth.Authenticate(mine.Token)!;
        Assert.Equal(403, _auth.ChangePassword(new PasswordChange("wrong current", "a new password"), session, Address).Status);
        Assert.Equal(400, _auth.ChangePassword(new PasswordChange(Password, "short"), session, Address).Status);
        Assert.Equal(204, _auth.ChangePassword(new PasswordChange(Password, "a new password"), session, Address).Status);
        Assert.NotNull(_auth.Authenticate(mine.Token));
        Assert.Null(_auth.Authenticate(other));
        Assert.Equal(401, _auth.Login(new LoginRequest(Password), Address).Status);
        Assert.Equal(200, _auth.Login(new LoginRequest("a new password"), Address).Status);
    }

    [Fact]
    public void TheLocalSocketMayResetThePasswordWithoutTheCurrentOne()
    {
        var token = Pair(Code(), Password).Token;
        Assert.Equal(204, _auth.ChangePassword(new PasswordChange(null, "recovered password"), null, "the local socket").Status);
        Assert.Null(_auth.Authenticate(token));
        Assert.Equal(200, _auth.Login(new LoginRequest("recovered password"), Address).Status);
    }

    [Fact]
    public void AFactoryResetForgetsTheOwner()
    {
        var token = Pair(Code(), Password).Token;
        _auth.Forget("test");
        Assert.False(_auth.HasOwner);
        Assert.Null(_auth.Authenticate(token));
        Restart();
        Assert.False(_auth.HasOwner);
        Assert.Equal("auth.owner.forgotten", _events.List(1, null)[0].Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not a token at all, has spaces and is long enough")]
    public void AnythingButASessionTokenIsNoSession(string? token)
    {
        Pair(Code(), Password);
        Assert.Null(_auth.Authenticate(token));
    }
}
