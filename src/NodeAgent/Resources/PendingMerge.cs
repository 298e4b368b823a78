// Temporary stand-ins until the resources branch is merged; deleted at merge.
namespace NodeAgent.Contracts
{
    public sealed record ResourceSnapshot(DateTimeOffset Timestamp, double UptimeSeconds);
}
namespace NodeAgent.Resources
{
    using NodeAgent.Contracts;
    public sealed class HostRoot(string path) { public string Path { get; } = path; }
    public interface IResourceSampler { ResourceSnapshot Sample(); }
    public sealed class ResourceSampler(HostRoot root, TimeProvider time) : IResourceSampler
    {
        public ResourceSnapshot Sample() => new(time.GetUtcNow(), root.Path.Length);
    }
    public static class ResourceMetrics
    {
        public static IReadOnlyList<string> Keys { get; } = ["cpu.usage", "mem.available"];
        public static void Extract(ResourceSnapshot s, IDictionary<string, double> into) { into["cpu.usage"] = 1; into["mem.available"] = s.UptimeSeconds; }
    }
    public static class PrometheusResourceWriter
    {
        public static void Write(System.Text.StringBuilder sb, ResourceSnapshot s) => sb.Append("# x\n");
    }
}
