using System.Text.Json.Serialization;

namespace NodeAgent.Contracts;

/// <summary><c>GET /api/v1/auth</c> (and the answer to pairing and login): who the caller is to this node.</summary>
/// <param name="Owner">An owner password is set: later devices pair or log in; none yet: the first pairing sets it.</param>
/// <param name="Authenticated">The request carried a valid owner session.</param>
/// <param name="Csrf">The session's CSRF token, to send as <c>X-CSRF-Token</c> on every change; null without a session.</param>
/// <param name="Pairing">The button's pairing window.</param>
/// <param name="LanReadOnly">Reads are open to the whole LAN without a session.</param>
public sealed record AuthState(
    bool Owner,
    bool Authenticated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Csrf,
    PairingWindow Pairing,
    bool LanReadOnly);

/// <summary>The pairing window opened by holding the node's button (3 s).</summary>
/// <param name="Open">A device may pair now without a code.</param>
/// <param name="Until">When the window closes; null when it is closed.</param>
public sealed record PairingWindow(bool Open, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? Until);
