using System.Text;

namespace NodeAgent.Discovery.Etcd;

/// <summary>One key as a range read it.</summary>
internal sealed class EtcdKeyValue
{
    /// <summary>The key's bytes (etcd keys are bytes; NodeAgent writes UTF-8).</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    /// <summary>The value's bytes.</summary>
    public required ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>The revision that created the key.</summary>
    public required long CreateRevision { get; init; }

    /// <summary>The revision of the last change.</summary>
    public required long ModRevision { get; init; }

    /// <summary>How many times the key was written since it was created.</summary>
    public required long Version { get; init; }

    /// <summary>The lease the key is attached to; 0 for none.</summary>
    public long Lease { get; init; }

    /// <summary>The key as UTF-8 text (bytes that are not UTF-8 show as U+FFFD).</summary>
    public string KeyText => Encoding.UTF8.GetString(Key.Span);
}
