namespace NodeAgent.Discovery.Etcd;

/// <summary>What happened to a watched key.</summary>
internal enum EtcdWatchEventKind
{
    /// <summary>The key was created or changed.</summary>
    Put,

    /// <summary>The key was deleted, revoked with its lease, or its lease expired.</summary>
    Delete,
}
