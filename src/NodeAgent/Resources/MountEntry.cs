namespace NodeAgent.Resources;

/// <summary>One line of <c>/proc/mounts</c>, escapes decoded.</summary>
internal sealed record MountEntry(string Device, string MountPoint, string FsType, bool ReadOnly);
