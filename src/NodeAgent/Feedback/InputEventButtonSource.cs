using System.Globalization;

namespace NodeAgent.Feedback;

/// <summary>
/// A button the kernel already turned into an input device (gpio-keys, as on the APU2): key events for one code
/// from <c>/dev/input/eventN</c>. The kernel debounces; auto-repeat events are ignored.
/// Reading blocks, so it runs on its own thread; at shutdown the thread is abandoned (it is a background
/// thread and a blocked read of an input device cannot be interrupted portably).
/// </summary>
internal sealed partial class InputEventButtonSource(string devicePath, int keyCode, ILogger logger) : IButtonSource
{
    private volatile bool _stopped;
    private Thread? _thread;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{devicePath} key {keyCode}");

    /// <summary>Finishes when the device is gone or the source stopped (for tests that read a finite file).</summary>
    public Task Completion => _done.Task;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start(Action<bool> changed)
    {
        _thread = new Thread(() => Read(changed)) { IsBackground = true, Name = "nodeagent-button" };
        _thread.Start();
    }

    private void Read(Action<bool> changed)
    {
        try
        {
            using var stream = new FileStream(devicePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var record = new byte[InputEvent.Size];
            while (!_stopped)
            {
                var filled = 0;
                while (filled < record.Length)
                {
                    var n = stream.Read(record, filled, record.Length - filled);
                    if (n == 0)
                    {
                        Log.Ended(logger, devicePath);
                        return;
                    }
                    filled += n;
                }
                var e = InputEvent.Parse(record);
                if (!_stopped && e.Type == InputEvent.KeyEvent && e.Code == keyCode && e.Value is InputEvent.Pressed or InputEvent.Released)
                {
                    changed(e.Value == InputEvent.Pressed);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Failed(logger, devicePath, e.Message);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    public void Dispose() => _stopped = true;

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "button input {Device} ended; the button is ignored until the agent restarts")]
        public static partial void Ended(ILogger logger, string device);

        [LoggerMessage(21, LogLevel.Warning, "cannot read button input {Device}: {Error}; the agent needs read access to /dev/input (group 'input')")]
        public static partial void Failed(ILogger logger, string device, string error);
    }
}
