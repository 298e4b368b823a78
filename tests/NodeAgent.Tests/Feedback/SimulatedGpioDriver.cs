using System.Device.Gpio;

namespace NodeAgent.Tests.Feedback;

/// <summary>
/// A GPIO chip in memory, plugged in under System.Device.Gpio's own <see cref="GpioDriver"/> seam: it records every
/// level written to a line with the test clock's time, and lets a test drive an input line (a button) so that
/// registered callbacks fire as libgpiod's would.
/// </summary>
internal sealed class SimulatedGpioDriver(TimeProvider time, int pinCount = 54) : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];

    /// <summary>Every write: line, level, and the clock's elapsed time.</summary>
    public List<(int Line, PinValue Value, TimeSpan At)> Writes { get; } = [];

    /// <summary>Modes the simulated chip refuses (e.g. no internal pull-ups).</summary>
    public HashSet<PinMode> Unsupported { get; } = [];

    public IReadOnlyCollection<int> OpenLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _modes.Keys];
            }
        }
    }

    protected override int PinCount => pinCount;

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            _modes[pinNumber] = PinMode.Input;
            _values.TryAdd(pinNumber, PinValue.Low);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _modes.Remove(pinNumber);
            _callbacks.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            _modes[pinNumber] = mode;
            // A pulled line rests at its pull level, as on real hardware.
            if (mode == PinMode.InputPullUp)
            {
                _values[pinNumber] = PinValue.High;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return _modes[pinNumber];
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => !Unsupported.Contains(mode);

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return _values[pinNumber];
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            _values[pinNumber] = value;
            Writes.Add((pinNumber, value, TimeSpan.FromTicks(time.GetTimestamp())));
        }
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, Read(pinNumber) == PinValue.High ? PinValue.Low : PinValue.High);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the simulated chip reports edges through callbacks only");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list))
            {
                _callbacks[pinNumber] = list = [];
            }
            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            if (_callbacks.TryGetValue(pinNumber, out var list))
            {
                list.RemoveAll(c => c.Handler == callback);
            }
        }
    }

    /// <summary>Sets an input line's level as the outside world would, firing edge callbacks.</summary>
    public void Drive(int line, PinValue value)
    {
        List<(PinEventTypes Types, PinChangeEventHandler Handler)> targets;
        PinEventTypes edge;
        lock (_lock)
        {
            var old = _values.GetValueOrDefault(line, PinValue.Low);
            _values[line] = value;
            if (old == value)
            {
                return;
            }
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            targets = _callbacks.TryGetValue(line, out var list) ? [.. list] : [];
        }
        foreach (var (types, handler) in targets.Where(t => (t.Types & edge) != 0))
        {
            handler(this, new PinValueChangedEventArgs(edge, line));
        }
    }

    /// <summary>Level changes written to <paramref name="line"/> (repeated levels dropped).</summary>
    public List<(PinValue Value, TimeSpan At)> Changes(int line)
    {
        lock (_lock)
        {
            var changes = new List<(PinValue, TimeSpan)>();
            PinValue? last = null;
            foreach (var (l, v, at) in Writes.Where(w => w.Line == line))
            {
                if (last != v)
                {
                    changes.Add((v, at));
                    last = v;
                }
            }
            return changes;
        }
    }
}
