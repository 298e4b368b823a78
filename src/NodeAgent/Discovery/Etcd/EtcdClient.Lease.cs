using System.Text.Json;
using NodeAgent.Discovery.Etcd.Wire;

namespace NodeAgent.Discovery.Etcd;

internal sealed partial class EtcdClient
{
    /// <inheritdoc />
    public async Task<EtcdLease> LeaseGrantAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var seconds = (long)Math.Ceiling(ttl.TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1, nameof(ttl));
        var (response, member) = await CallAsync("/v3/lease/grant", new EtcdWireLeaseGrantRequest { Ttl = seconds },
            EtcdJsonContext.Default.EtcdWireLeaseGrantRequest, EtcdJsonContext.Default.EtcdWireLeaseGrantResponse,
            r => CheckHeader(r.Header) ?? (!string.IsNullOrEmpty(r.Error) ? null : r.Id <= 0 ? $"lease ID {r.Id}" : r.Ttl <= 0 ? $"TTL {r.Ttl}" : null),
            cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new EtcdException($"etcd at {member} refused to grant a lease of {seconds} s: {response.Error}") { EtcdError = response.Error };
        }
        return new EtcdLease(response.Id, TimeSpan.FromSeconds(response.Ttl));
    }

    /// <inheritdoc />
    public async Task<TimeSpan?> LeaseKeepAliveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseId, 1);
        // The gateway maps the keepalive stream onto one POST: our one message goes up, its one answer comes back
        // as {"result": …}, and the answer ends when our body does. etcd answers a lease it no longer has with TTL 0.
        var (line, member) = await CallAsync("/v3/lease/keepalive", new EtcdWireLeaseIdRequest { Id = leaseId },
            EtcdJsonContext.Default.EtcdWireLeaseIdRequest, EtcdJsonContext.Default.EtcdWireLeaseKeepAliveLine,
            l => l.Error is not null ? null
                : l.Result is not { } r ? "neither result nor error"
                : CheckHeader(r.Header) ?? (r.Id != leaseId ? $"lease ID {r.Id} for {leaseId}" : r.Ttl < 0 ? $"TTL {r.Ttl}" : null),
            cancellationToken).ConfigureAwait(false);
        if (line.Error is { } error)
        {
            var text = ErrorText(error);
            throw new EtcdException($"etcd at {member} refused to renew lease {leaseId}: {text}") { EtcdError = text };
        }
        return line.Result!.Ttl == 0 ? null : TimeSpan.FromSeconds(line.Result.Ttl);
    }

    /// <inheritdoc />
    public async Task<bool> LeaseRevokeAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseId, 1);
        try
        {
            await CallAsync("/v3/lease/revoke", new EtcdWireLeaseIdRequest { Id = leaseId },
                EtcdJsonContext.Default.EtcdWireLeaseIdRequest, EtcdJsonContext.Default.EtcdWireLeaseRevokeResponse,
                r => CheckHeader(r.Header), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EtcdException e) when (e.IsLeaseNotFound)
        {
            return false;
        }
    }

    /// <summary>The state of one member, asked of that member only (no failover): for health reports and finding the leader.</summary>
    public async Task<EtcdMemberStatus> StatusAsync(int member, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _members.Length);
        var (r, _) = await CallAsync("/v3/maintenance/status", new EtcdWireStatusRequest(),
            EtcdJsonContext.Default.EtcdWireStatusRequest, EtcdJsonContext.Default.EtcdWireStatusResponse,
            s => CheckHeader(s.Header) ?? (s.Header!.MemberId == 0 ? "no member_id" : string.IsNullOrEmpty(s.Version) ? "no version" : null),
            cancellationToken, member).ConfigureAwait(false);
        return new EtcdMemberStatus(r.Header!.MemberId, r.Leader, r.Version!, r.DbSize, r.RaftTerm, r.Header.Revision);
    }

    /// <summary>The text of a gateway stream error: {"error": {"message": …}} or a plain string.</summary>
    internal static string ErrorText(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "",
        JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString() ?? "",
        _ => error.GetRawText() is var raw && raw.Length > 200 ? raw[..200] + "…" : error.GetRawText(),
    };
}
