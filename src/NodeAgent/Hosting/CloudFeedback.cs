using NodeAgent.Contracts;
using NodeAgent.Discovery;
using NodeAgent.Feedback;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// Where the light and the cloud meet: a short press of the button announces the node again, and another node's
/// identify request (through Serf) makes this node's LED show itself, at most once per <see cref="MinInterval"/>
/// so the community cannot keep a node blinking or fill its event log. Both need Serf discovery, whenever it runs.
/// </summary>
internal sealed partial class CloudFeedback(
    FeedbackService feedback, FeedbackOptions options, ISerfPresence discovery, EventLog events, TimeProvider time, ILogger<CloudFeedback> logger) : IHostedService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private long _lastIdentify = long.MinValue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        feedback.GestureRecognized += OnGesture;
        discovery.IdentifyAsked += OnIdentifyAsked;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        feedback.GestureRecognized -= OnGesture;
        discovery.IdentifyAsked -= OnIdentifyAsked;
        return Task.CompletedTask;
    }

    private void OnGesture(ButtonGesture gesture)
    {
        if (gesture == ButtonGesture.Identify)
        {
            discovery.Reannounce();
        }
    }

    private void OnIdentifyAsked()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastIdentify);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < MinInterval)
        {
            Log.Ignored(logger, MinInterval.TotalSeconds);
            return;
        }
        Interlocked.Exchange(ref _lastIdentify, now);
        feedback.Identify(options.IdentifyFor);
        events.TryAppend("feedback.identify.cloud", EventSeverity.Info, $"asked through the community cloud to identify this node for {options.IdentifyFor.TotalSeconds:F0} s", logger);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "feedback: identify request from the cloud ignored (one per {Seconds} s)")]
        public static partial void Ignored(ILogger logger, double seconds);
    }
}
