using System.Text;

namespace NodeAgent.Hosting;

/// <summary>
/// The agent's log: one line per entry on standard output, which systemd hands to journald. Under journald
/// (<c>JOURNAL_STREAM</c> set) each line starts with its syslog priority, <c>&lt;4&gt;</c> for a warning, so
/// <c>journalctl -p warning</c> and the colours work; on a terminal it starts with the level's name.
/// It replaces Microsoft.Extensions.Logging.Console, whose options, three formatters and queue thread the agent
/// paid for at every start (the container builds each options type at run time under NativeAOT) to write a few
/// lines a day. Lines are written at once under a lock: nothing waits in a queue when the process dies.
/// Filtering (<c>Log:Level</c>, Microsoft's categories at Warning) is the logger factory's, as before.
/// </summary>
internal sealed class LineLoggerProvider(TextWriter output, bool journal) : ILoggerProvider
{
    private readonly Lock _lock = new();

    /// <summary>Standard output; syslog priorities when journald reads it.</summary>
    public static LineLoggerProvider ForStandardOutput() =>
        new(Console.Out, Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 });

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose()
    {
    }

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = new StringBuilder(category.Length + message.Length + 16);
        line.Append(journal ? Priority(level) : Name(level)).Append(category).Append(": ");
        AppendOneLine(line, message);
        if (exception is not null)
        {
            line.Append(" (");
            AppendOneLine(line, $"{exception.GetType().Name}: {exception.Message}");
            if (exception.InnerException is { } inner)
            {
                AppendOneLine(line, $" <- {inner.GetType().Name}: {inner.Message}");
            }
            line.Append(')');
        }
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>A line break inside a message would start a new journal entry without a priority.</summary>
    private static void AppendOneLine(StringBuilder line, string text)
    {
        foreach (var c in text)
        {
            line.Append(c is '\n' or '\r' ? ' ' : c);
        }
    }

    /// <summary>syslog priorities, as sd-daemon(3) reads them at the start of a line.</summary>
    internal static string Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => "<2>",
        LogLevel.Error => "<3>",
        LogLevel.Warning => "<4>",
        LogLevel.Information => "<6>",
        _ => "<7>",
    };

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit: ",
        LogLevel.Error => "fail: ",
        LogLevel.Warning => "warn: ",
        LogLevel.Information => "info: ",
        LogLevel.Debug => "dbug: ",
        _ => "trce: ",
    };

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
