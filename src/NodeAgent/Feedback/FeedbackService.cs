using NodeAgent.Boards;
using NodeAgent.Contracts;
using NodeAgent.Hosting;

namespace NodeAgent.Feedback;

/// <summary>
/// Shows the node's state on its LEDs and turns button presses into actions. The state is evaluated when something
/// changes (a <see cref="ConditionsChanged"/> signal: each resource sample, start-up, saved settings; a button edge;
/// an identify request; an identify or pairing window ending), when the network link changes (the kernel's link
/// events; where they cannot be watched, looked at every <see cref="FeedbackOptions.LinkCheckEvery"/>), and at the
/// latest every <see cref="FeedbackOptions.EvaluateEvery"/>. An LED is written only when its pattern changes, and
/// blinking is left to kernel triggers where possible, so an idle node wakes here only for the safety net.
/// Other areas hook <see cref="GestureRecognized"/> (re-announce on identify, the reset itself).
/// </summary>
internal sealed partial class FeedbackService : BackgroundService
{
    private readonly FeedbackDevices _devices;
    private readonly BoardCatalog _catalog;
    private readonly BoardChoice _board;
    private readonly INodeConditionsSource _conditions;
    private readonly FeedbackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly GestureRecognizer _gestures;
    private readonly ITimer _gestureTimer;
    private readonly ITimer _wakeTimer;
    private readonly ConditionsChanged? _changes;
    private readonly System.Threading.Channels.Channel<bool> _wake =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private int _changed;
    private long _lastFull;
    private bool? _lastNetwork;
    private int _wakes;
    private bool _linkWatched;
    private readonly Lock _lock = new();
    private readonly Dictionary<ILed, LedPattern> _shown = [];
    private readonly HashSet<ILed> _failed = [];
    private readonly HashSet<IExtraOutput> _failedExtras = [];
    private DateTimeOffset? _identifyUntil;
    private DateTimeOffset? _pairingUntil;
    private NodeState? _lastState;
    private volatile FeedbackStatus _status;

    public FeedbackService(
        FeedbackDevices devices, BoardCatalog catalog, BoardChoice board, INodeConditionsSource conditions,
        FeedbackOptions options, TimeProvider time, ILogger<FeedbackService> logger, ConditionsChanged? changes = null)
    {
        _devices = devices;
        _catalog = catalog;
        _board = board;
        _conditions = conditions;
        _options = options;
        _time = time;
        _logger = logger;
        _origin = time.GetTimestamp();
        _gestures = new GestureRecognizer(options.Gestures, TimeSpan.Zero);
        _gestureTimer = time.CreateTimer(_ => OnGestureDeadline(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _wakeTimer = time.CreateTimer(static s => ((FeedbackService)s!)._wake.Writer.TryWrite(true), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _changes = changes;
        _status = BuildStatus(new StateVerdict(NodeState.Booting, "the agent is starting"), new NodeConditions { Phase = StartPhase.Starting });
    }

    /// <summary>Raised (on the button's or timer's thread) for every recognised gesture.</summary>
    public event Action<ButtonGesture>? GestureRecognized;

    /// <summary>The latest state, pattern and hardware, for the API.</summary>
    public FeedbackStatus Status => _status;

    /// <summary>Identifies the node for <paramref name="duration"/> (from the API, the CLI or another node).</summary>
    public FeedbackStatus Identify(TimeSpan duration)
    {
        lock (_lock)
        {
            _identifyUntil = _time.GetUtcNow() + duration;
            Log.Identify(_logger, duration.TotalSeconds);
            return Refresh();
        }
    }

    /// <summary>End of the button's pairing window while it is open; null when closed.</summary>
    public DateTimeOffset? PairingWindowUntil
    {
        get
        {
            lock (_lock)
            {
                return _pairingUntil > _time.GetUtcNow() ? _pairingUntil : null;
            }
        }
    }

    /// <summary>Uses up the open pairing window (one device pairs per press); false when none is open.</summary>
    public bool TryClosePairingWindow()
    {
        lock (_lock)
        {
            if (!(_pairingUntil > _time.GetUtcNow()))
            {
                return false;
            }
            _pairingUntil = null;
            Log.PairingUsed(_logger);
            Refresh();
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var error in _catalog.Errors)
        {
            Log.BadBoardFile(_logger, error.Origin, error.Message);
        }
        foreach (var replaced in _catalog.Replaced)
        {
            Log.BoardReplaced(_logger, replaced);
        }
        Log.Board(_logger, _board.Profile?.Id ?? "(none)", _board.Reason);
        if (_board.Problem is { } problem)
        {
            Log.BoardProblem(_logger, problem);
        }
        foreach (var missing in _devices.Missing)
        {
            Log.Missing(_logger, missing);
        }
        _devices.Button?.Start(OnEdge);
        if (_changes is not null)
        {
            _changes.Raised += OnChanged;
        }
        using var linkWatch = _conditions.WatchLink(OnChanged);
        _linkWatched = linkWatch is not null;
        try
        {
            RefreshNow();
            Interlocked.Increment(ref _wakes);
            while (await _wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                lock (_lock)
                {
                    // A signalled change, the safety-net period or a window ending: everything. Otherwise the link alone.
                    if (Interlocked.Exchange(ref _changed, 0) == 1 || NextFullIn() <= TimeSpan.Zero || _conditions.NetworkUp() != _lastNetwork)
                    {
                        Refresh();
                    }
                    else
                    {
                        ArmWake();
                    }
                    Interlocked.Increment(ref _wakes);
                }
            }
        }
        finally
        {
            if (_changes is not null)
            {
                _changes.Raised -= OnChanged;
            }
        }
    }

    /// <summary>Wake-ups the loop has handled (each re-arms the timer before it counts): tests wait on it.</summary>
    internal int Wakes => Volatile.Read(ref _wakes);

    /// <summary>Something changed somewhere in the agent: evaluate on the loop (never on the raiser's thread).</summary>
    private void OnChanged()
    {
        Volatile.Write(ref _changed, 1);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Sets the wake-up timer to the next full evaluation, or to the next link check first when the kernel's link
    /// events are not watched.
    /// </summary>
    private void ArmWake()
    {
        var next = NextFullIn();
        if (!_linkWatched && next > _options.LinkCheckEvery)
        {
            next = _options.LinkCheckEvery;
        }
        _wakeTimer.Change(Max(next, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Time until the next full evaluation: the safety-net period, the end of an identify or pairing window the LEDs
    /// show, or each second of a factory-reset countdown (the API shows the seconds left). Zero or less: due now.
    /// </summary>
    private TimeSpan NextFullIn()
    {
        var next = _options.EvaluateEvery - _time.GetElapsedTime(_lastFull);
        var now = _time.GetUtcNow();
        // The shown status carries a window's end only while the window was open when it was built.
        foreach (var until in (ReadOnlySpan<DateTimeOffset?>)[_status.IdentifyUntil, _status.PairingUntil])
        {
            if (until is { } end && end - now < next)
            {
                next = end - now;
            }
        }
        if (_status.ResetCountdownSeconds is not null && next > TimeSpan.FromSeconds(1))
        {
            next = TimeSpan.FromSeconds(1);
        }
        return next;
    }

    /// <summary>One evaluation now, as the loop does on a change (the API asks for one too: it shows the present).</summary>
    internal FeedbackStatus RefreshNow()
    {
        lock (_lock)
        {
            return Refresh();
        }
    }

    /// <summary>A raw edge from the button source.</summary>
    internal void OnEdge(bool pressed)
    {
        lock (_lock)
        {
            Handle(_gestures.OnEdge(pressed, Elapsed()));
        }
    }

    private void OnGestureDeadline()
    {
        lock (_lock)
        {
            Handle(_gestures.Advance(Elapsed()));
        }
    }

    private void Handle(IReadOnlyList<ButtonGesture> gestures)
    {
        var now = _time.GetUtcNow();
        foreach (var gesture in gestures)
        {
            switch (gesture)
            {
                case ButtonGesture.Identify:
                    _identifyUntil = now + _options.IdentifyFor;
                    break;
                case ButtonGesture.Pairing:
                    _pairingUntil = now + _options.PairingFor;
                    break;
                case ButtonGesture.ResetCancelled:
                    _pairingUntil = null;
                    break;
            }
            Log.Gesture(_logger, gesture);
            GestureRecognized?.Invoke(gesture);
        }
        var next = _gestures.NextDeadline;
        _gestureTimer.Change(next is { } deadline ? Max(deadline - Elapsed(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Refresh();
    }

    /// <summary>Evaluates the state and drives every LED whose pattern changed. Callers hold the lock.</summary>
    private FeedbackStatus Refresh()
    {
        var now = _time.GetUtcNow();
        _lastFull = _time.GetTimestamp();
        var current = _conditions.Current();
        _lastNetwork = current.NetworkUp;
        var conditions = current with
        {
            IdentifyUntil = _identifyUntil,
            PairingUntil = _pairingUntil,
            ResetCountdownSeconds = _gestures.CountdownSeconds(Elapsed()),
        };
        var verdict = NodeStateEvaluator.Evaluate(conditions, now);
        if (verdict.State != _lastState)
        {
            Log.State(_logger, NodeStateNames.Of(verdict.State), verdict.Reason);
            _lastState = verdict.State;
        }
        foreach (var driven in _devices.Leds)
        {
            var pattern = LedLanguage.For(verdict.State, driven.Role);
            if (_shown.TryGetValue(driven.Led, out var shown) && shown == pattern)
            {
                continue;
            }
            try
            {
                driven.Led.Show(pattern);
                _failed.Remove(driven.Led);
            }
            catch (LedWriteException e)
            {
                // Logged once per LED until it works again; the others go on.
                if (_failed.Add(driven.Led))
                {
                    Log.LedFailed(_logger, e.Message);
                }
            }
            _shown[driven.Led] = pattern;
        }
        if (_devices.Extras.Count > 0)
        {
            ShowExtras(StateView.Of(verdict));
        }
        _status = BuildStatus(verdict, conditions);
        ArmWake();
        return _status;
    }

    /// <summary>Shows the state on each extra output; each writes its device only when what it shows changed.</summary>
    private void ShowExtras(StateView view)
    {
        foreach (var extra in _devices.Extras)
        {
            try
            {
                extra.Show(view);
                _failedExtras.Remove(extra);
            }
            catch (LedWriteException e)
            {
                // Logged once per output until it works again; the others go on.
                if (_failedExtras.Add(extra))
                {
                    Log.LedFailed(_logger, e.Message);
                }
            }
        }
    }

    private FeedbackStatus BuildStatus(StateVerdict verdict, NodeConditions conditions)
    {
        var pattern = LedLanguage.Status(verdict.State);
        var leds = _devices.Leds.Select(d => new FeedbackLed(
            d.Led.Name, d.Role.ToString().ToLowerInvariant(), d.Colour.ToString().ToLowerInvariant(),
            LedLanguage.For(verdict.State, d.Role).Name, _failed.Contains(d.Led) ? "failed (see the log)" : d.Led.Method)).ToList();
        var now = _time.GetUtcNow();
        return new FeedbackStatus(
            NodeStateNames.Of(verdict.State), verdict.Reason, pattern.Name, pattern.Timing,
            _board.Profile?.Id, _board.Reason, leds, _devices.Button?.Name, _devices.Missing,
            conditions.IdentifyUntil > now ? conditions.IdentifyUntil : null,
            conditions.PairingUntil > now ? conditions.PairingUntil : null,
            conditions.ResetCountdownSeconds,
            [.. _devices.Extras.Select(e => new FeedbackExtra(ExtraOutputNames.Of(e.Kind), e.Name, _failedExtras.Contains(e) ? $"failed (see the log): {e.Showing}" : e.Showing))]);
    }

    private TimeSpan Elapsed() => _time.GetElapsedTime(_origin);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public override void Dispose()
    {
        _gestureTimer.Dispose();
        _wakeTimer.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "board {Board}: {Reason}")]
        public static partial void Board(ILogger logger, string board, string reason);

        [LoggerMessage(2, LogLevel.Warning, "{Problem}")]
        public static partial void BoardProblem(ILogger logger, string problem);

        [LoggerMessage(3, LogLevel.Information, "feedback: {Missing}")]
        public static partial void Missing(ILogger logger, string missing);

        [LoggerMessage(4, LogLevel.Information, "node state {State}: {Reason}")]
        public static partial void State(ILogger logger, string state, string reason);

        [LoggerMessage(5, LogLevel.Warning, "{Message}")]
        public static partial void LedFailed(ILogger logger, string message);

        [LoggerMessage(6, LogLevel.Information, "button: {Gesture}")]
        public static partial void Gesture(ILogger logger, ButtonGesture gesture);

        [LoggerMessage(7, LogLevel.Information, "identify for {Seconds} s")]
        public static partial void Identify(ILogger logger, double seconds);

        [LoggerMessage(8, LogLevel.Warning, "board file {Origin} skipped: {Message}")]
        public static partial void BadBoardFile(ILogger logger, string origin, string message);

        [LoggerMessage(9, LogLevel.Information, "board profile {Replaced}")]
        public static partial void BoardReplaced(ILogger logger, string replaced);

        [LoggerMessage(10, LogLevel.Information, "button: pairing window used by a device and closed")]
        public static partial void PairingUsed(ILogger logger);
    }
}
