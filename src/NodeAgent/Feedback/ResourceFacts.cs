using NodeAgent.Contracts;

namespace NodeAgent.Feedback;

/// <summary>Reads the facts the LED language cares about out of a resource sample.</summary>
internal static class ResourceFacts
{
    public static HealthFacts From(ResourceSnapshot snapshot)
    {
        // The fullest writable filesystem: a full /var or /boot/firmware stops a node as surely as a full /.
        double? disk = null;
        foreach (var fs in snapshot.FileSystems)
        {
            if (!fs.ReadOnly && (disk is null || fs.UsedPercent > disk))
            {
                disk = fs.UsedPercent;
            }
        }
        var wear = StorageWear.Normal;
        foreach (var w in snapshot.StorageWear)
        {
            // eMMC PRE_EOL_INFO: 2 = warning (80 % of reserved blocks used), 3 = urgent (90 %).
            wear = w.PreEolInfo switch
            {
                3 => StorageWear.Urgent,
                2 when wear == StorageWear.Normal => StorageWear.Warning,
                _ => wear,
            };
        }
        return new HealthFacts(
            DiskUsedPercent: disk,
            Undervoltage: snapshot.Throttling?.UndervoltageNow == true,
            StorageWear: wear,
            MemoryAvailablePercent: snapshot.Memory is { TotalBytes: > 0 } m ? 100.0 * m.AvailableBytes / m.TotalBytes : null);
    }
}
