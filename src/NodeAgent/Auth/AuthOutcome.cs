namespace NodeAgent.Auth;

/// <summary>
/// What a pairing, login or password change came to: a new session (its token goes into the cookie and nowhere
/// else), or an HTTP status with a problem detail.
/// </summary>
internal sealed record AuthOutcome(int Status, string? Problem, string? Token = null, OwnerSession? Session = null)
{
    public static AuthOutcome Signed(string token, OwnerSession session) => new(StatusCodes.Status200OK, null, token, session);

    public static AuthOutcome Done { get; } = new(StatusCodes.Status204NoContent, null);

    public static AuthOutcome BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static AuthOutcome Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, detail);

    public static AuthOutcome Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail);
}

/// <summary>A valid owner session as a request sees it.</summary>
/// <param name="Id">SHA-256 of the token (the stored id).</param>
/// <param name="Csrf">The token the session's changes must carry in <c>X-CSRF-Token</c>.</param>
/// <param name="Device">The name the device gave when it paired or logged in.</param>
/// <param name="Renewed">Its last use was written just now: the cookie's lifetime is renewed with it.</param>
internal sealed record OwnerSession(string Id, string Csrf, string Device, bool Renewed = false);
