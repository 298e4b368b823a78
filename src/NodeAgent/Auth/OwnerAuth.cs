using NodeAgent.Storage;

namespace NodeAgent.Auth;

/// <summary>
/// The node's owner: whether a password is set, the sessions of paired devices, pairing codes and attempt limits.
/// Sessions live in memory and on flash (<see cref="OwnerStore"/>); a session's last use is written at most once
/// per <see cref="TouchEvery"/>, and it expires <see cref="SessionLifetime"/> after that.
/// </summary>
internal sealed partial class OwnerAuth
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan TouchEvery = TimeSpan.FromHours(1);
    public const int MaxSessions = 16;
    public const int MaxDeviceLength = 64;

    private readonly OwnerStore _store;
    private readonly EventLog _events;
    private readonly PasswordHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    // Pairing, login and password changes one at a time: two first pairings must not both set the password,
    // and PBKDF2 must not occupy more than one core.
    private readonly Lock _owner = new();
    private readonly Dictionary<string, StoredSession> _sessions;
    private string? _hash;
    private long _loginFailures;
    private long _pairFailures;
    private long _rateLimited;

    public OwnerAuth(OwnerStore store, EventLog events, PasswordHasher hasher, TimeProvider time, ILogger<OwnerAuth> logger)
    {
        _store = store;
        _events = events;
        _hasher = hasher;
        _time = time;
        _logger = logger;
        _hash = store.ReadPasswordHash();
        _sessions = store.ReadSessions().ToDictionary(s => s.Id, StringComparer.Ordinal);
        Codes = new PairingCodes(time);
        PairLimiter = new AttemptLimiter(perAddress: 5, global: 20, TimeSpan.FromMinutes(1), time);
        LoginLimiter = new AttemptLimiter(perAddress: 5, global: 20, TimeSpan.FromMinutes(1), time);
    }

    public PairingCodes Codes { get; }

    public AttemptLimiter PairLimiter { get; }

    public AttemptLimiter LoginLimiter { get; }

    /// <summary>An owner password is set.</summary>
    public bool HasOwner => Volatile.Read(ref _hash) is not null;

    public long LoginFailures => Interlocked.Read(ref _loginFailures);

    public long PairFailures => Interlocked.Read(ref _pairFailures);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Counts an attempt refused by a limiter.</summary>
    public void CountRateLimited(string what, string address)
    {
        Interlocked.Increment(ref _rateLimited);
        Log.RateLimited(_logger, what, address);
    }

    /// <summary>The valid session a cookie token belongs to, or null (unknown, malformed or expired).</summary>
    public OwnerSession? Authenticate(string? token)
    {
        if (!SessionTokens.LooksLikeToken(token))
        {
            return null;
        }
        var id = SessionTokens.IdOf(token!);
        var now = _time.GetUtcNow();
        StoredSession? session;
        bool expired = false, touch = false;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(id, out session))
            {
                return null;
            }
            if (now - session.LastUsed >= SessionLifetime)
            {
                _sessions.Remove(id);
                expired = true;
            }
            else if (now - session.LastUsed >= TouchEvery)
            {
                _sessions[id] = session = session with { LastUsed = now };
                touch = true;
            }
        }
        try
        {
            if (expired)
            {
                _store.DeleteSessions([id]);
                return null;
            }
            if (touch)
            {
                _store.Touch(id, now);
            }
        }
        catch (StoreException e)
        {
            // The session's validity does not depend on flash; its last use is written again next hour.
            Log.NotSaved(_logger, e.Message);
        }
        return expired ? null : new OwnerSession(session.Id, session.Csrf, session.Device, touch);
    }

    /// <summary>Ends a session (logout).</summary>
    public void Logout(OwnerSession session, string address)
    {
        lock (_lock)
        {
            _sessions.Remove(session.Id);
        }
        _store.DeleteSessions([session.Id], "auth.logout", $"Device '{session.Device}' signed out from {address}");
        Log.LoggedOut(_logger, session.Device, address);
    }

    /// <summary>Factory reset: the owner password and every session are forgotten.</summary>
    public void Forget(string why)
    {
        lock (_owner)
        {
            _store.Forget(why);
            Volatile.Write(ref _hash, null);
            lock (_lock)
            {
                _sessions.Clear();
            }
        }
    }

    /// <summary>Creates a session and saves it (with the first password, when given) and its event, evicting the least recently used beyond the cap.</summary>
    private AuthOutcome StartSession(string device, string? newHash, string eventKind, string eventMessage)
    {
        var token = SessionTokens.NewToken();
        var now = _time.GetUtcNow();
        var session = new StoredSession(SessionTokens.IdOf(token), SessionTokens.NewToken(), now, now, device);
        List<string> evicted;
        lock (_lock)
        {
            evicted = [.. _sessions.Values.OrderBy(s => s.LastUsed).Take(Math.Max(0, _sessions.Count + 1 - MaxSessions)).Select(s => s.Id)];
        }
        _store.AddSession(session, evicted, newHash, eventKind, eventMessage);
        lock (_lock)
        {
            foreach (var id in evicted)
            {
                _sessions.Remove(id);
            }
            _sessions[session.Id] = session;
        }
        if (newHash is not null)
        {
            Volatile.Write(ref _hash, newHash);
        }
        return AuthOutcome.Signed(token, new OwnerSession(session.Id, session.Csrf, device));
    }

    /// <summary>Why a device name cannot be used, or null; no name is fine.</summary>
    internal static string? DeviceProblem(string? device) =>
        device is null ? null
        : device.Length > MaxDeviceLength || device.Any(char.IsControl) ? $"'device' must be at most {MaxDeviceLength} printable characters"
        : null;

    internal static string DeviceName(string? device) => string.IsNullOrWhiteSpace(device) ? "unnamed device" : device.Trim();

    private void Refused(string kind, string message)
    {
        Log.Refused(_logger, message);
        _events.TryAppend(kind, Contracts.EventSeverity.Warning, message, _logger);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "auth: {Message}")]
        public static partial void Refused(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Information, "auth: {Message}")]
        public static partial void Accepted(ILogger logger, string message);

        [LoggerMessage(3, LogLevel.Warning, "auth: too many {What} attempts from {Address}; refused until the window ends")]
        public static partial void RateLimited(ILogger logger, string what, string address);

        [LoggerMessage(4, LogLevel.Warning, "auth: session change not written: {Reason}")]
        public static partial void NotSaved(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Information, "auth: device '{Device}' signed out from {Address}")]
        public static partial void LoggedOut(ILogger logger, string device, string address);
    }
}
