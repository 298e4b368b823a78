namespace NodeAgent.Services.Systemd;

/// <summary>
/// Matches systemd's <c>JobRemoved</c> signals to the calls waiting for them. A job can end before the reply that
/// names it has been read (a fast stop), so results nobody waits for yet are kept for a while: the last
/// <see cref="EarlyKept"/> of them, since every client's jobs are announced and job paths are never reused soon.
/// </summary>
internal sealed class JobTracker
{
    internal const int EarlyKept = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<string>> _waiting = [];
    private readonly Dictionary<string, string> _early = [];
    private readonly Queue<string> _earlyOrder = new();
    private Exception? _failure;

    /// <summary>The job's result (<c>done</c>, <c>failed</c>, …) once systemd removes it.</summary>
    internal Task<string> WaitAsync(string job)
    {
        lock (_gate)
        {
            if (_early.Remove(job, out string? result))
            {
                return Task.FromResult(result);
            }

            if (_failure is not null)
            {
                return Task.FromException<string>(_failure);
            }

            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[job] = waiter;
            return waiter.Task;
        }
    }

    internal void Complete(string job, string result)
    {
        TaskCompletionSource<string>? waiter;
        lock (_gate)
        {
            if (!_waiting.Remove(job, out waiter))
            {
                _early[job] = result;
                _earlyOrder.Enqueue(job);
                while (_earlyOrder.Count > EarlyKept)
                {
                    _early.Remove(_earlyOrder.Dequeue());
                }

                return;
            }
        }

        waiter.TrySetResult(result);
    }

    /// <summary>The caller stopped waiting (timeout, cancellation).</summary>
    internal void Forget(string job)
    {
        lock (_gate)
        {
            _waiting.Remove(job);
        }
    }

    internal void FailAll(Exception failure)
    {
        List<TaskCompletionSource<string>> waiters;
        lock (_gate)
        {
            _failure ??= failure;
            waiters = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(failure);
        }
    }
}
