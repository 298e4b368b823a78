namespace NodeAgent.Resources;

/// <summary>Finds a human-readable CPU or board model in <c>/proc/cpuinfo</c>.</summary>
internal static class CpuInfoParser
{
    /// <summary>
    /// x86 names the CPU in "model name"; arm64 kernels have no such key but print the
    /// device-tree board model ("Model : Raspberry Pi 4 Model B Rev 1.4"); older ARM kernels
    /// print "Hardware". The first one found in that order wins.
    /// </summary>
    public static string? FindModel(ReadOnlySpan<char> cpuinfo)
    {
        string? model = null;
        string? hardware = null;
        foreach (var line in cpuinfo.EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.IsEmpty)
            {
                continue;
            }

            if (key.SequenceEqual("model name"))
            {
                return value.ToString();
            }

            if (model is null && key.SequenceEqual("Model"))
            {
                model = value.ToString();
            }
            else if (hardware is null && key.SequenceEqual("Hardware"))
            {
                hardware = value.ToString();
            }
        }

        return model ?? hardware;
    }
}
