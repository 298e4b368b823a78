namespace NodeAgent.Feedback;

/// <summary>
/// The button's gesture logic, free of hardware and clocks: it is fed raw edges and the passing of time,
/// both as monotonic offsets, and answers with the gestures they complete.
/// <para>
/// Debounce: a new level counts only once it has held for <see cref="GestureOptions.Debounce"/>, and then from
/// the moment it began, so a 20 ms tap or a bouncing contact never starts a gesture, and hold times are exact.
/// A press that begins inside the start-up grace is ignored until it is released. Each press yields at most one
/// of identify, pairing, or the reset sequence; holding beyond the countdown fires nothing more.
/// </para>
/// Why not Iot.Device.Button's <c>ButtonBase</c>: it has one holding threshold (we need 3 s and 10 s plus a
/// countdown), raises Press on every release (even after a hold), and times with DateTime.UtcNow and its own
/// Timer, so it cannot be driven by a test clock. Its <c>GpioButton</c> still supplies our edges on GPIO boards.
/// </summary>
internal sealed class GestureRecognizer(GestureOptions options, TimeSpan startedAt)
{
    private bool _rawPressed;
    private TimeSpan _rawSince;
    private bool _pressed;
    private TimeSpan _pressedAt;
    private PressStage _stage = PressStage.None;

    private enum PressStage
    {
        None,
        Ignored,
        Short,
        PairingArmed,
        Countdown,
        Done,
    }

    /// <summary>The button is down (after debounce).</summary>
    public bool IsPressed => _pressed;

    /// <summary>A press held past the pairing threshold, before the countdown (the LED can show it is armed).</summary>
    public bool PairingArmed => _stage == PressStage.PairingArmed;

    /// <summary>Seconds left in the reset countdown (rounded up), or null when none runs.</summary>
    public int? CountdownSeconds(TimeSpan now)
    {
        if (_stage != PressStage.Countdown)
        {
            return null;
        }
        var left = _pressedAt + options.ResetHold + options.ResetCountdown - now;
        return (int)Math.Ceiling(Math.Max(0, left.TotalSeconds));
    }

    /// <summary>When <see cref="Advance"/> next has something to do, or null when nothing is pending.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (_rawPressed != _pressed)
            {
                return _rawSince + options.Debounce;
            }
            return _stage switch
            {
                PressStage.Short => _pressedAt + options.PairingHold,
                PressStage.PairingArmed => _pressedAt + options.ResetHold,
                PressStage.Countdown => _pressedAt + options.ResetHold + options.ResetCountdown,
                _ => null,
            };
        }
    }

    /// <summary>A raw edge from the button at <paramref name="at"/>.</summary>
    public IReadOnlyList<ButtonGesture> OnEdge(bool pressed, TimeSpan at)
    {
        var gestures = new List<ButtonGesture>();
        Settle(at, gestures);
        if (pressed != _rawPressed)
        {
            _rawPressed = pressed;
            _rawSince = at;
        }
        // With no debounce the new level counts at once.
        Settle(at, gestures);
        return gestures;
    }

    /// <summary>Time has passed without an edge: accept a settled level and fire hold thresholds reached by <paramref name="now"/>.</summary>
    public IReadOnlyList<ButtonGesture> Advance(TimeSpan now)
    {
        var gestures = new List<ButtonGesture>();
        Settle(now, gestures);
        return gestures;
    }

    private void Settle(TimeSpan now, List<ButtonGesture> gestures)
    {
        if (_rawPressed != _pressed && now - _rawSince >= options.Debounce)
        {
            // Thresholds reached before the level changed still count, at the time they were reached.
            Hold(_rawSince, gestures);
            if (_rawPressed)
            {
                Press(_rawSince);
            }
            else
            {
                Release(gestures);
            }
        }
        Hold(now, gestures);
    }

    private void Press(TimeSpan at)
    {
        _pressed = true;
        _pressedAt = at;
        _stage = at < startedAt + options.StartupGrace ? PressStage.Ignored : PressStage.Short;
    }

    private void Release(List<ButtonGesture> gestures)
    {
        _pressed = false;
        switch (_stage)
        {
            case PressStage.Short:
                gestures.Add(ButtonGesture.Identify);
                break;
            case PressStage.PairingArmed:
                gestures.Add(ButtonGesture.Pairing);
                break;
            case PressStage.Countdown:
                gestures.Add(ButtonGesture.ResetCancelled);
                break;
        }
        _stage = PressStage.None;
    }

    private void Hold(TimeSpan now, List<ButtonGesture> gestures)
    {
        if (!_pressed)
        {
            return;
        }
        var held = now - _pressedAt;
        if (_stage == PressStage.Short && held >= options.PairingHold)
        {
            _stage = PressStage.PairingArmed;
        }
        if (_stage == PressStage.PairingArmed && held >= options.ResetHold)
        {
            _stage = PressStage.Countdown;
            gestures.Add(ButtonGesture.ResetCountdownStarted);
        }
        if (_stage == PressStage.Countdown && held >= options.ResetHold + options.ResetCountdown)
        {
            _stage = PressStage.Done;
            gestures.Add(ButtonGesture.FactoryReset);
        }
    }
}
