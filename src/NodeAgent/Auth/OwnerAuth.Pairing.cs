using NodeAgent.Contracts;

namespace NodeAgent.Auth;

/// <summary>Pairing, login and password changes. Input is checked before anything is used up or written.</summary>
internal sealed partial class OwnerAuth
{
    /// <summary>A one-time code for <c>nodeagent pair</c>.</summary>
    public PairingCode MintCode()
    {
        var (code, until) = Codes.Mint();
        Log.Accepted(_logger, $"pairing code issued over the local socket, valid until {until:u}");
        return new PairingCode(code, until);
    }

    /// <summary>
    /// Pairs a device: with a valid code, or while the button's window is open (<paramref name="tryCloseWindow"/> uses it up).
    /// The first owner sets the password here.
    /// </summary>
    public AuthOutcome Pair(PairRequest request, string address, Func<bool> tryCloseWindow)
    {
        if (DeviceProblem(request.Device) is { } badDevice)
        {
            return AuthOutcome.BadRequest(badDevice);
        }
        if (request.Code is { } code && !PairingCodes.IsWellFormed(code))
        {
            return AuthOutcome.BadRequest("'code' must be the six digits `nodeagent pair` printed, such as 123-456");
        }
        var device = DeviceName(request.Device);
        lock (_owner)
        {
            var first = !HasOwner;
            if (first && PasswordHasher.Problem(request.Password, "password") is { } badPassword)
            {
                return AuthOutcome.BadRequest($"{badPassword}: this node has no owner yet, so the first device to pair sets it");
            }
            if (!first && !string.IsNullOrEmpty(request.Password))
            {
                return AuthOutcome.BadRequest("this node already has an owner password: pair without 'password' (change it with POST /api/v1/auth/password once signed in)");
            }
            string how;
            if (request.Code is { } given)
            {
                if (!Codes.TryUse(given, out var voided))
                {
                    Interlocked.Increment(ref _pairFailures);
                    Refused("auth.pair.refused", $"Pairing refused for {address}: wrong, used or expired code"
                        + (voided ? $"; after {PairingCodes.MaxWrongGuesses} wrong codes every outstanding code was voided" : ""));
                    return AuthOutcome.Forbidden("the code is wrong, used or expired: run `nodeagent pair` on the node for a new one (codes last 10 minutes and work once)");
                }
                how = "with a code from `nodeagent pair`";
            }
            else if (tryCloseWindow())
            {
                how = "in the button's pairing window";
            }
            else
            {
                Interlocked.Increment(ref _pairFailures);
                Refused("auth.pair.refused", $"Pairing refused for {address}: no code and no pairing window open");
                return AuthOutcome.Forbidden("no pairing window is open: hold the node's button for 3 seconds (its light turns solid), or give a code from `nodeagent pair`");
            }
            var hash = first ? _hasher.Hash(request.Password!) : null;
            var message = $"Device '{device}' paired from {address} {how}" + (first ? "; it set the owner password" : "");
            var outcome = StartSession(device, hash, "auth.paired", message);
            Log.Accepted(_logger, message);
            return outcome;
        }
    }

    /// <summary>Signs a device in with the owner password.</summary>
    public AuthOutcome Login(LoginRequest request, string address)
    {
        if (DeviceProblem(request.Device) is { } badDevice)
        {
            return AuthOutcome.BadRequest(badDevice);
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            return AuthOutcome.BadRequest("'password' is required");
        }
        var device = DeviceName(request.Device);
        lock (_owner)
        {
            if (Volatile.Read(ref _hash) is not { } hash)
            {
                return AuthOutcome.Unauthorized("this node has no owner yet: pair first (hold the button for 3 seconds, or run `nodeagent pair` on the node)");
            }
            if (!PasswordHasher.Verify(request.Password, hash))
            {
                Interlocked.Increment(ref _loginFailures);
                Refused("auth.login.failed", $"Wrong owner password from {address}");
                return AuthOutcome.Unauthorized("wrong password");
            }
            var message = $"Device '{device}' signed in from {address}";
            var outcome = StartSession(device, null, "auth.login", message);
            Log.Accepted(_logger, message);
            return outcome;
        }
    }

    /// <summary>
    /// Changes the owner password; every other session is signed out. Over the local socket (<paramref name="session"/>
    /// null) the current password is not asked: whoever can open the socket is the node's local owner.
    /// </summary>
    public AuthOutcome ChangePassword(PasswordChange change, OwnerSession? session, string address)
    {
        if (PasswordHasher.Problem(change.New, "new") is { } badNew)
        {
            return AuthOutcome.BadRequest(badNew);
        }
        if (session is not null && string.IsNullOrEmpty(change.Current))
        {
            return AuthOutcome.BadRequest("'current' is required: the password in force");
        }
        lock (_owner)
        {
            if (Volatile.Read(ref _hash) is not { } hash)
            {
                return new AuthOutcome(StatusCodes.Status409Conflict, "this node has no owner password yet: the first device to pair sets it");
            }
            if (session is not null && !PasswordHasher.Verify(change.Current!, hash))
            {
                Interlocked.Increment(ref _loginFailures);
                Refused("auth.password.refused", $"Password change refused for '{session.Device}' from {address}: wrong current password");
                return AuthOutcome.Forbidden("the current password is wrong; nothing was changed");
            }
            var newHash = _hasher.Hash(change.New!);
            var who = session is null ? "over the local socket" : $"by '{session.Device}' from {address}";
            _store.ChangePassword(newHash, session?.Id ?? "", $"Owner password changed {who}; every other session was signed out");
            Volatile.Write(ref _hash, newHash);
            lock (_lock)
            {
                foreach (var id in _sessions.Keys.Where(id => id != session?.Id).ToList())
                {
                    _sessions.Remove(id);
                }
            }
            Log.Accepted(_logger, $"owner password changed {who}");
            return AuthOutcome.Done;
        }
    }
}
