using NodeAgent.Feedback;
using NodeAgent.Storage;

namespace NodeAgent.Hosting;

/// <summary>
/// What the node does when its button says so. Identify and the pairing window are shown by the
/// feedback service itself; the factory reset is carried out here.
/// </summary>
internal sealed partial class ButtonActions(FeedbackService feedback, NodeContext node, Auth.OwnerAuth owner, ILogger<ButtonActions> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        feedback.GestureRecognized += OnGesture;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        feedback.GestureRecognized -= OnGesture;
        return Task.CompletedTask;
    }

    private void OnGesture(ButtonGesture gesture)
    {
        if (gesture != ButtonGesture.FactoryReset)
        {
            return;
        }
        try
        {
            var settings = node.FactoryReset("button held through the countdown");
            // The owner goes too: a reset is how someone with the node in hand and no password gets it back.
            owner.Forget("factory reset from the button");
            Log.Reset(logger, settings.Name);
        }
        catch (StoreException e)
        {
            Log.ResetFailed(logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Factory reset from the button: saved settings, owner password and sessions cleared, node name back to '{Name}'")]
        public static partial void Reset(ILogger logger, string name);

        [LoggerMessage(2, LogLevel.Error, "Factory reset from the button could not be saved: {Reason}")]
        public static partial void ResetFailed(ILogger logger, string reason);
    }
}
