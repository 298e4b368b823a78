using NodeAgent.Resources;

namespace NodeAgent.Tests.Resources;

public class MountTableTests
{
    [Theory]
    [InlineData(@"/media/my\040disk", "/media/my disk")]
    [InlineData(@"/a\011b\134c", "/a\tb\\c")]
    [InlineData(@"/plain", "/plain")]
    [InlineData(@"/trailing\04", @"/trailing\04")]
    public void DecodesOctalEscapes(string raw, string expected) => Assert.Equal(expected, MountTable.Unescape(raw));

    [Fact]
    public void KeepsOverlayRootAndVarLogTmpfsAndLaterMountOverSamePath()
    {
        var list = MountTable.Parse(
            "overlay / overlay rw,lowerdir=/media/root-ro,upperdir=/media/root-rw/overlay 0 0\n" +
            "tmpfs /var/log tmpfs rw,size=51200k 0 0\n" +
            "squashfs /snap/core/1 squashfs ro 0 0\n" +
            "/dev/sda1 /data ext4 rw 0 0\n" +
            "/dev/sdb1 /data xfs ro 0 0\n" +
            "garbage\n");

        Assert.Equal(["/", "/var/log", "/data"], list.Select(m => m.MountPoint));
        Assert.Equal("xfs", list[2].FsType);
        Assert.True(list[2].ReadOnly);
    }

    [Fact]
    public void UnchangedMountsAreNotReparsed()
    {
        var table = new MountTable();
        var first = table.Update("/dev/sda1 / ext4 rw 0 0\n");
        Assert.Same(first, table.Update("/dev/sda1 / ext4 rw 0 0\n"));
        Assert.NotSame(first, table.Update("/dev/sda1 / ext4 ro 0 0\n"));
    }
}
