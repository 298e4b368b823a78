using NodeAgent.Contracts;

namespace NodeAgent.Resources;

/// <summary>
/// Reads eMMC wear from <c>/sys/block/mmcblkN/device</c>. Only eMMC 5.0+ exposes
/// <c>life_time</c> and <c>pre_eol_info</c> (from EXT_CSD); SD cards expose neither, so they
/// are listed with null estimates. Wear moves over months, so the sampler calls this only
/// when it rediscovers hardware, not every sample.
/// </summary>
internal static class StorageWearReader
{
    public static List<StorageWearSnapshot> Read(HostRoot root, ProcFileReader reader, List<string> problems)
    {
        var result = new List<StorageWearSnapshot>();
        string block = root.Sys("block");
        if (!Directory.Exists(block))
        {
            return result;
        }

        var devices = new List<string>();
        foreach (string path in Directory.EnumerateFileSystemEntries(block, "mmcblk*"))
        {
            string name = Path.GetFileName(path);

            // mmcblk0boot0/boot1 are hardware partitions of the same chip: same wear, skip.
            if (IsDiskName(name))
            {
                devices.Add(name);
            }
        }

        devices.Sort(SysfsNameComparer.Instance);
        foreach (string device in devices)
        {
            string dir = Path.Join(block, device, "device");
            int? a = null, b = null, eol = null;
            if (reader.Read(Path.Join(dir, "life_time"), out var lifeTime) == ReadStatus.Ok)
            {
                var fields = new FieldReader(lifeTime);
                if (fields.TryNext(out var fa) && fields.TryNext(out var fb) &&
                    FieldReader.TryParseHex(fa, out uint va) && FieldReader.TryParseHex(fb, out uint vb))
                {
                    a = va == 0 ? null : (int)va;
                    b = vb == 0 ? null : (int)vb;
                }
                else
                {
                    problems.Add($"sys/block/{device}/device/life_time: '{CpuUsageTracker.Shorten(lifeTime.Trim())}' is not two hex values like '0x01 0x02'; wear estimate omitted");
                }
            }

            if (reader.Read(Path.Join(dir, "pre_eol_info"), out var preEol) == ReadStatus.Ok)
            {
                if (FieldReader.TryParseHex(preEol.Trim(), out uint v))
                {
                    eol = v == 0 ? null : (int)v;
                }
                else
                {
                    problems.Add($"sys/block/{device}/device/pre_eol_info: '{CpuUsageTracker.Shorten(preEol.Trim())}' is not a hex value; pre-EOL state omitted");
                }
            }

            int? max = a is null && b is null ? null : Math.Min(Math.Max(a ?? 0, b ?? 0), 11) * 10;
            result.Add(new StorageWearSnapshot
            {
                Device = device,
                Type = reader.ReadLine(Path.Join(dir, "type")),
                Name = reader.ReadLine(Path.Join(dir, "name")),
                LifeTimeEstimateA = a,
                LifeTimeEstimateB = b,
                PreEolInfo = eol,
                LifeTimeUsedPercentMax = max,
            });
        }

        return result;
    }

    private static bool IsDiskName(string name)
    {
        if (name.Length <= "mmcblk".Length)
        {
            return false;
        }

        for (int i = "mmcblk".Length; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                return false;
            }
        }

        return true;
    }
}
