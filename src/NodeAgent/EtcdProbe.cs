// SCRATCH (reverted): makes the etcd client and Http1Client reachable from Main so the AOT publish compiles and analyses them.
internal static class EtcdProbe
{
    public static async Task<int> RunAsync(string[] endpoints)
    {
        using var client = new NodeAgent.Discovery.Etcd.EtcdClient(endpoints);
        var status = await client.StatusAsync(0);
        Console.WriteLine($"status member={status.MemberId:x} leader={status.IsLeader} version={status.Version} rev={status.Revision}");
        using var watch = await client.WatchAsync("/probe/");
        var lease = await client.LeaseGrantAsync(TimeSpan.FromSeconds(2));
        Console.WriteLine($"lease {lease.Id} ttl={lease.Ttl}");
        Console.WriteLine($"put rev={await client.PutAsync("/probe/a", "1"u8.ToArray(), lease.Id)}");
        Console.WriteLine($"put-if-absent {await client.PutIfAbsentAsync("/probe/b", "2"u8.ToArray())} {await client.PutIfAbsentAsync("/probe/b", "3"u8.ToArray())}");
        var range = await client.RangeAsync("/probe/");
        Console.WriteLine($"range rev={range.Revision} {string.Join(',', range.Items.Select(i => $"{i.KeyText}={System.Text.Encoding.UTF8.GetString(i.Value.Span)}@{i.ModRevision}"))}");
        Console.WriteLine($"keepalive {await client.LeaseKeepAliveAsync(lease.Id)}");
        Console.WriteLine($"deleted {await client.DeleteRangeAsync("/probe/b")}");
        for (var i = 0; i < 4; i++)
        {
            var e = await watch.ReadAsync();
            Console.WriteLine($"event {e.Kind} {e.KeyText} rev={e.Revision} lease={e.Lease}");
        }
        Console.WriteLine($"keepalive after expiry {(await client.LeaseKeepAliveAsync(lease.Id))?.ToString() ?? "lost"}");
        Console.WriteLine($"revoke gone lease {await client.LeaseRevokeAsync(lease.Id)}");
        try
        {
            await client.PutAsync("/probe/c", "x"u8.ToArray(), lease.Id);
        }
        catch (NodeAgent.Discovery.Etcd.EtcdException e)
        {
            Console.WriteLine($"expected: {e.Message}");
        }
        using var http = new NodeAgent.Net.Http1Client(NodeAgent.Net.Http1Endpoint.Parse(endpoints[0]));
        var health = await http.SendAsync("GET", "/health");
        Console.WriteLine($"health {health.Status} {System.Text.Encoding.UTF8.GetString(health.Body)}");
        return 0;
    }
}
