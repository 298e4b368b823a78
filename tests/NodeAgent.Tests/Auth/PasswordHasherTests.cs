using NodeAgent.Auth;

namespace NodeAgent.Tests.Auth;

public class PasswordHasherTests
{
    // Few iterations: the scheme is under test here, not its cost.
    private readonly PasswordHasher _hasher = new(1000);

    [Fact]
    public void AHashVerifiesItsPasswordAndNoOther()
    {
        var stored = _hasher.Hash("correct horse battery");
        Assert.Matches(@"^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", stored);
        Assert.True(PasswordHasher.Verify("correct horse battery", stored));
        Assert.False(PasswordHasher.Verify("correct horse batterY", stored));
        Assert.False(PasswordHasher.Verify("", stored));
        Assert.DoesNotContain("correct", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void EachHashHasItsOwnSalt() =>
        Assert.NotEqual(_hasher.Hash("same password!"), _hasher.Hash("same password!"));

    [Fact]
    public void AHashKeepsTheIterationsItWasMadeWith()
    {
        var old = new PasswordHasher(2000).Hash("made under another setting");
        Assert.True(PasswordHasher.Verify("made under another setting", old));
    }

    [Fact]
    public void TheDefaultIsTheSlowOne() =>
        Assert.Equal(600_000, new PasswordHasher(PasswordHasher.DefaultIterations).Iterations);

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$1000$abc")]
    [InlineData("md5$1000$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$x$c2FsdA==$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64!$aGFzaA==")]
    public void AStoredValueItCannotReadVerifiesNothing(string stored) =>
        Assert.False(PasswordHasher.Verify("whatever password", stored));

    [Theory]
    [InlineData(null, "'password' is required")]
    [InlineData("short", "'password' is too short: at least 10 characters")]
    [InlineData("123456789", "'password' is too short")]
    public void OwnerPasswordsHaveAtLeastTenCharacters(string? password, string problem) =>
        Assert.StartsWith(problem, PasswordHasher.Problem(password, "password"), StringComparison.Ordinal);

    [Fact]
    public void TenCharactersAreEnoughAndAbsurdLengthsAreRefused()
    {
        Assert.Null(PasswordHasher.Problem("1234567890", "password"));
        Assert.StartsWith("'new' is too long", PasswordHasher.Problem(new string('x', 257), "new"), StringComparison.Ordinal);
    }
}
