using System.Text;

namespace NodeAgent.Discovery.Etcd;

/// <summary>One change under a watched prefix.</summary>
/// <param name="Kind">Put or delete.</param>
/// <param name="Key">The key's bytes.</param>
/// <param name="Value">The new value (empty for a delete).</param>
/// <param name="Revision">The revision of the change (the key's mod_revision).</param>
/// <param name="Lease">The lease of a put key; 0 for none or a delete.</param>
internal sealed record EtcdWatchEvent(EtcdWatchEventKind Kind, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long Revision, long Lease)
{
    /// <summary>The key as UTF-8 text.</summary>
    public string KeyText => Encoding.UTF8.GetString(Key.Span);
}
