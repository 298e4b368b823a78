using NodeAgent.Storage;

namespace NodeAgent.Tests.Storage;

public sealed class CorruptStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodeagent-corrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(20000, 7)]
    [InlineData(8192, 8)]
    [InlineData(100, 9)]
    public void ADamagedFileIsMovedAsideUntouchedAndANewStoreOpens(int length, int seed)
    {
        var garbage = new byte[length];
        new Random(seed).NextBytes(garbage);
        var path = Path.Combine(_dir, NodeStore.FileName);
        File.WriteAllBytes(path, garbage);
        using var store = NodeStore.Open(_dir);
        Assert.NotNull(store.RecoveredFrom);
        var aside = Assert.Single(Directory.GetFiles(_dir, "nodeagent.db.corrupt-*"));
        Assert.Equal(garbage, File.ReadAllBytes(aside));
        Assert.Equal(1, store.WriteDurably(s => { s.Collection("t").Insert(new LiteDB.BsonDocument { ["x"] = 1 }); return 1; }));
    }

    [Fact]
    public void AHealthyStoreIsNotRecovered()
    {
        using (var store = NodeStore.Open(_dir))
        {
            store.WriteDurably(s => s.Collection("t").Insert(new LiteDB.BsonDocument { ["x"] = 1 }));
        }
        using var again = NodeStore.Open(_dir);
        Assert.Null(again.RecoveredFrom);
        Assert.Equal(1, again.Read(s => s.Collection("t").FindAll().Count()));
    }
}
