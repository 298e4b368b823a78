using MessagePack;

namespace NodeAgent.Discovery.Serf;

/// <summary>A plain request: one response header, then a body if the command has one.</summary>
internal sealed class SerfReplyCall<T> : SerfPendingCall
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SerfBodyReader<T>? _body;
    private readonly bool _bodyOnError;
    private readonly T _noBody;
    private readonly Func<string, SerfException> _refused;
    private string? _error;

    /// <param name="command">The RPC command.</param>
    /// <param name="body">Reads the reply body; null when the command has none.</param>
    /// <param name="bodyOnError">The agent sends the body even with an error (join, force-leave, key commands).</param>
    /// <param name="noBody">The result of a command without a body.</param>
    /// <param name="refused">Builds the exception for an error from the agent.</param>
    public SerfReplyCall(string command, SerfBodyReader<T>? body, bool bodyOnError, T noBody, Func<string, SerfException> refused)
        : base(command)
    {
        _body = body;
        _bodyOnError = bodyOnError;
        _noBody = noBody;
        _refused = refused;
    }

    public Task<T> Result => _result.Task;

    public override bool FailsOnMalformedBody => true;

    public override bool OnHeader(string error)
    {
        IsFinished = true;
        if (error.Length > 0)
        {
            // "Authentication required" is sent by the dispatcher before any command handler: never with a body.
            if (_body is not null && _bodyOnError && error != SerfRpcClient.AuthRequiredError)
            {
                _error = error;
                return true;
            }
            _result.TrySetException(_refused(error));
            return false;
        }
        if (_body is null)
        {
            _result.TrySetResult(_noBody);
            return false;
        }
        return true;
    }

    public override void OnBody(ref MessagePackReader reader)
    {
        if (_error is not null)
        {
            reader.Skip();
            _result.TrySetException(_refused(_error));
            return;
        }
        _result.TrySetResult(_body!(ref reader));
    }

    public override void OnMalformed(SerfException error) => _result.TrySetException(error);

    public override void Fail(SerfException error) => _result.TrySetException(error);
}
