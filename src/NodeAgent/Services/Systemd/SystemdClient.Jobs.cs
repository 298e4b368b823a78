namespace NodeAgent.Services.Systemd;

/// <summary>Start, stop and restart: queue a job with mode <c>replace</c>, then wait for its <c>JobRemoved</c>.</summary>
public sealed partial class SystemdClient
{
    /// <inheritdoc />
    public Task<JobResult> StartAsync(string unit, CancellationToken cancellationToken = default) =>
        RunJobAsync("StartUnit", "start", unit, cancellationToken);

    /// <inheritdoc />
    public Task<JobResult> StopAsync(string unit, CancellationToken cancellationToken = default) =>
        RunJobAsync("StopUnit", "stop", unit, cancellationToken);

    /// <inheritdoc />
    public Task<JobResult> RestartAsync(string unit, CancellationToken cancellationToken = default) =>
        RunJobAsync("RestartUnit", "restart", unit, cancellationToken);

    /// <exception cref="SystemdException">systemd refused the job, or it did not end within <see cref="SystemdOptions.JobTimeout"/>.</exception>
    private async Task<JobResult> RunJobAsync(string member, string verb, string unit, CancellationToken cancellationToken)
    {
        UnitName.Validate(unit);
        string job = await CallAsync(ManagerCall(member, unit, "replace"), ReadObjectPath, $"{verb} {unit}", cancellationToken).ConfigureAwait(false);
        string result;
        try
        {
            result = await _jobs.WaitAsync(job).WaitAsync(_options.JobTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            _jobs.Forget(job);
            throw new SystemdException(
                $"{verb} {unit}: systemd's job did not finish within {_options.JobTimeout.TotalSeconds:0} s; it goes on in systemd " +
                $"(see 'systemctl status {unit}')", e);
        }
        catch (OperationCanceledException)
        {
            _jobs.Forget(job);
            throw;
        }

        JobResult outcome = JobResults.Parse(result);
        SystemdLog.JobEnded(_logger, verb, unit, result);
        return outcome;
    }
}
