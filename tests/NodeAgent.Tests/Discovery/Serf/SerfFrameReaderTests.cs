using System.Text;
using NodeAgent.Discovery.Serf;
using static NodeAgent.Tests.Discovery.Serf.TestMsgPack;

namespace NodeAgent.Tests.Discovery.Serf;

/// <summary>The frame decoder on its own, fed through fake streams: every msgpack form is cut at the right
/// place however the bytes arrive, and hostile input is refused before it costs memory.</summary>
public sealed class SerfFrameReaderTests
{
    private const int Limit = 64 * 1024;

    /// <summary>One object of every msgpack form, including each length width.</summary>
    private static readonly object?[] EveryForm =
    [
        null, true, false, 0, 127, -1, -32, -33, -1000, -100_000, 200, 40_000, 70_000, 5_000_000_000L, -5_000_000_000L, ulong.MaxValue, 1.5,
        "", "short", new string('s', 40), new string('m', 300), new string('l', 40_000),
        Array.Empty<byte>(), new byte[300], new byte[40_000], new Raw([0xdb, 0, 0, 0, 2, 0x61, 0x62]), new Raw([0xc6, 0, 0, 0, 1, 9]),
        new Raw([0xd4, 1, 9]), new Raw([0xd8, 1, .. new byte[16]]), new Raw([0xc7, 3, 1, 7, 7, 7]), new Raw([0xc8, 0, 2, 1, 7, 7]), new Raw([0xc9, 0, 0, 0, 1, 1, 7]),
        new Raw([0xca, 0, 0, 0, 0]), new Raw([0xdc, 0, 1, 0xc0]), new Raw([0xde, 0, 1, 0xa1, 0x61, 1]), new Raw([0xdd, 0, 0, 0, 1, 2]), new Raw([0xdf, 0, 0, 0, 1, 2, 3]),
        Map(("Seq", 1UL), ("Error", "")),
        Map(("Members", new object?[] { Member("n", [127, 0, 0, 1]), Member("m", new byte[16]) })),
        Enumerable.Range(0, 20).Select(i => (object?)i).ToArray(),
        Enumerable.Range(0, 20).ToDictionary(i => $"k{i}", i => (object?)new object?[] { i, Map(("x", new object?[] { "deep" })) }),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    [InlineData(int.MaxValue)]
    public async Task EveryFormIsCutWhereItEndsHoweverTheBytesArrive(int chunk)
    {
        var objects = EveryForm.Select(o => Encode(o)).ToList();
        var reader = new SerfFrameReader(new ChunkedStream(objects.SelectMany(b => b).ToArray(), chunk), Limit, 16);

        foreach (var expected in objects)
        {
            var frame = await reader.ReadFrameAsync(CancellationToken.None);
            Assert.Equal(expected, frame!.Value.ToArray());
        }
        Assert.Null(await reader.ReadFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnObjectLargerThanTheBufferGrowsItAndTheNextObjectsStillCome()
    {
        var big = Encode(new byte[Limit - 10]);
        var small = Encode(Map(("Seq", 7UL)));
        var reader = new SerfFrameReader(new ChunkedStream([.. big, .. small, .. small], 1500), Limit, 16);

        Assert.Equal(big.Length, (await reader.ReadFrameAsync(CancellationToken.None))!.Value.Length);
        Assert.Equal(small, (await reader.ReadFrameAsync(CancellationToken.None))!.Value.ToArray());
        Assert.Equal(small, (await reader.ReadFrameAsync(CancellationToken.None))!.Value.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0xdb, 0x7f, 0xff, 0xff, 0xff }, "larger than the 65536-byte limit")] // str32 of 2 GB
    [InlineData(new byte[] { 0xc5, 0xff, 0xff }, "larger than the 65536-byte limit")] // bin16 just over the limit
    [InlineData(new byte[] { 0xc9, 0xff, 0xff, 0xff, 0xff }, "larger than the 65536-byte limit")] // ext32
    [InlineData(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff }, "declares 4294967295 elements")] // array32
    [InlineData(new byte[] { 0xde, 0x80, 0x00 }, "declares 65536 elements")] // map16 of 32768 pairs
    [InlineData(new byte[] { 0x81, 0xa1, 0x61, 0xc1 }, "0xc1 is never used")]
    public async Task HugeDeclarationsAreRefusedBeforeTheirBytesArrive(byte[] hostile, string expected)
    {
        // The stream then blocks forever: refusing must not wait for the bytes announced.
        var reader = new SerfFrameReader(new ChunkedStream(hostile, 1, hangAtEnd: true), Limit, 16);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessObjectIsCutAtTheLimitAndReadsLittleMoreThanIt()
    {
        // Nested fixarrays that always declare 15 more elements: each one small, the whole endless.
        var stream = new EndlessStream([0x9f]);
        var reader = new SerfFrameReader(stream, Limit, 16);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());

        Assert.Contains("nesting deeper than 16 levels", error.Message, StringComparison.Ordinal);
        // Breadth instead of depth: an array that declares more elements than the limit can hold.
        var flat = new EndlessStream([0xdc, 0xff, 0xff], [0x01]);
        var flatReader = new SerfFrameReader(flat, Limit, 16);
        var flatError = await Assert.ThrowsAsync<InvalidDataException>(() => flatReader.ReadFrameAsync(CancellationToken.None).AsTask());
        Assert.Contains("declares 65535 elements", flatError.Message, StringComparison.Ordinal);
        Assert.True(stream.Served < 1024, $"read {stream.Served} bytes");
    }

    [Fact]
    public async Task ManySmallElementsUpToTheByteLimitAreCutThere()
    {
        // Every container declares little, but together they pass the limit: 4,400 arrays of 15 nils.
        var bytes = new List<byte> { 0xdc, 0x11, 0x30 }; // array16 of 4,400
        for (var i = 0; i < 4_400; i++)
        {
            bytes.Add(0x9f);
            bytes.AddRange(Enumerable.Repeat((byte)0xc0, 15));
        }
        var stream = new ChunkedStream([.. bytes], 4096, hangAtEnd: true);
        var reader = new SerfFrameReader(stream, Limit, 16);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));

        // Cut by the last container that cannot fit any more, or by the byte that passes the limit.
        Assert.Contains("65536-byte limit", error.Message, StringComparison.Ordinal);
        Assert.InRange(stream.Served, Limit - 64, Limit + 4096);
    }

    [Fact]
    public async Task TruncatedObjectsAreReportedAtTheEndOfTheStream()
    {
        foreach (var truncated in new byte[][] { [0x82, 0xa3, 0x53, 0x65, 0x71], [0xc4, 10, 1, 2], [0xdc, 0], [0xcf, 1, 2, 3] })
        {
            var reader = new SerfFrameReader(new ChunkedStream(truncated, 2), Limit, 16);

            var error = await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());

            Assert.Equal($"the stream ended {truncated.Length} bytes into a msgpack object", error.Message);
        }
    }

    [Fact]
    public void ScannerResumesWithoutRewalkingAndResetsForTheNextObject()
    {
        var scanner = new MsgPackFrameScanner(Limit, 16);
        var bytes = Encode(Map(("Name", "node-1"), ("Tags", Map(("a", "b")))));

        Assert.False(scanner.TryScan(bytes.AsSpan(0, 8), out _));
        Assert.InRange(scanner.Scanned, 1, 8);
        Assert.True(scanner.TryScan(bytes, out var length));
        Assert.Equal(bytes.Length, length);
        scanner.Reset();
        Assert.True(scanner.TryScan(Encoding.ASCII.GetBytes("\u0001"), out var one));
        Assert.Equal(1, one);
    }

    /// <summary>Serves fixed bytes in chunks of at most <c>chunk</c>; then EOF, or a read that never completes.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk, bool hangAtEnd = false) : Stream
    {
        private int _position;

        public int Served => _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == data.Length)
            {
                if (hangAtEnd)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                return 0;
            }
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Serves a prefix once, then a pattern forever, 512 bytes a read.</summary>
    private sealed class EndlessStream(byte[] prefix, byte[]? pattern = null) : Stream
    {
        private readonly byte[] _pattern = pattern ?? prefix;
        private long _served;

        public long Served => _served;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(buffer.Length, 512);
            for (var i = 0; i < n; i++, _served++)
            {
                buffer.Span[i] = _served < prefix.Length ? prefix[_served] : _pattern[(_served - prefix.Length) % _pattern.Length];
            }
            return ValueTask.FromResult(n);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
