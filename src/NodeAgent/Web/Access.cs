namespace NodeAgent.Web;

/// <summary>Who may call an endpoint over TCP; the Unix socket may call everything.</summary>
internal enum Access
{
    /// <summary>The default under <c>/api/</c> and for <c>/metrics</c>: reads from loopback, with a session or with <c>lanReadOnly</c>; changes with a session and its CSRF token.</summary>
    Owner,

    /// <summary>Anyone: the auth state, pairing and login (those two are rate-limited by their handlers).</summary>
    Public,

    /// <summary>Only over the Unix socket (minting pairing codes).</summary>
    LocalSocket,

    /// <summary>
    /// Like <see cref="Owner"/>, but reads too need an owner session: loopback and <c>lanReadOnly</c> do not open them
    /// (the list of signed-in devices is the owner's business only).
    /// </summary>
    Session,
}

/// <summary>Endpoint metadata that overrides the default <see cref="Access.Owner"/> rule.</summary>
internal sealed record AccessRule(Access Access);
