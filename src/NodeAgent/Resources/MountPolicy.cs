namespace NodeAgent.Resources;

/// <summary>
/// Decides which mounts are storage worth watching. The goal is "can this node run out of
/// space somewhere that matters", so everything the kernel synthesises is left out.
/// </summary>
internal static class MountPolicy
{
    // Kernel-synthesised filesystems: no blocks to run out of, or mirrors of something else.
    // squashfs is always 100% full by design (snaps, live images); overlay is only kept at "/"
    // (overlayroot, Raspberry Pi OS's read-only mode) because elsewhere it is container layers
    // that duplicate the disk under /var/lib/docker.
    private static readonly HashSet<string> Pseudo = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs",
        "tracefs", "pstore", "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs", "autofs",
        "binfmt_misc", "nsfs", "rpc_pipefs", "efivarfs", "selinuxfs", "ramfs", "squashfs",
        "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "nfsd", "overlay", "tmpfs",
    };

    // statvfs on a network filesystem blocks for minutes when the server is gone, which would
    // stall the sampling loop; they are only sampled when they are "/" (diskless nodes, where a
    // dead server means a dead node anyway).
    private static readonly HashSet<string> Remote = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "fuse.sshfs", "fuse.glusterfs", "9p",
    };

    public static bool IsWatched(MountEntry mount)
    {
        string type = mount.FsType;
        string at = mount.MountPoint;
        if (at == "/")
        {
            return type != "rootfs"; // the initramfs placeholder listed before the real root
        }

        if (type == "tmpfs")
        {
            // tmpfs lives in RAM: keep the ones services fill (/tmp, /run, a RAM-backed
            // /var/log as DietPi and log2ram set up) and skip /dev/shm, /run/user/N, /run/lock...
            return at is "/tmp" or "/run" || at.StartsWith("/var/", StringComparison.Ordinal);
        }

        return !Pseudo.Contains(type) && !Remote.Contains(type);
    }
}
