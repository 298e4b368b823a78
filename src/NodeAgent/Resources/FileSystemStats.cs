namespace NodeAgent.Resources;

/// <summary>The statvfs fields the sampler uses, in fragment-size units as the kernel reports them.</summary>
/// <param name="FragmentSize">f_frsize: the unit of the block counts.</param>
/// <param name="Blocks">f_blocks: size of the filesystem.</param>
/// <param name="BlocksFree">f_bfree: free blocks, including those reserved for root.</param>
/// <param name="BlocksAvailable">f_bavail: free blocks an unprivileged user may use.</param>
/// <param name="Files">f_files: inodes (0 when the filesystem has no fixed inode table).</param>
/// <param name="FilesFree">f_ffree: free inodes.</param>
/// <param name="ReadOnly">ST_RDONLY is set.</param>
public readonly record struct FileSystemStats(
    ulong FragmentSize,
    ulong Blocks,
    ulong BlocksFree,
    ulong BlocksAvailable,
    ulong Files,
    ulong FilesFree,
    bool ReadOnly);
