using LiteDB;

namespace NodeAgent.Storage;

/// <summary>
/// The agent's one LiteDB file. Documents are mapped by hand (<see cref="BsonDocument"/>): LiteDB's
/// reflection mapper does not survive NativeAOT trimming (litedb-org/LiteDB#2832).
/// </summary>
/// <remarks>
/// Durability: LiteDB commits a transaction by queueing its pages for a background writer thread and
/// returns before they reach the file. A write the agent acknowledges (settings, events) therefore
/// goes through <see cref="WriteDurably"/>, which checkpoints: the checkpoint waits for that queue, copies
/// the log into the data file and fsyncs. History is not acknowledged to anyone and is written in
/// batches (see <see cref="HistoryStore"/>), so flash sees few writes.
/// </remarks>
internal sealed class NodeStore : IDisposable
{
    public const string FileName = "nodeagent.db";

    private readonly LiteDatabase _db;
    private readonly Lock _writeLock = new();
    private long _writes;
    private long _writeErrors;

    private NodeStore(LiteDatabase db, string path)
    {
        _db = db;
        Path = path;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Durable write transactions committed since start.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Write transactions that failed (disk full, I/O error) since start.</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>When the last write failed, why; null once a write succeeds again.</summary>
    public string? LastWriteError { get; private set; }

    internal ILiteCollection<BsonDocument> Collection(string name) => _db.GetCollection(name, BsonAutoId.Int64);

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDir"/>.</summary>
    public static NodeStore Open(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = System.IO.Path.Combine(dataDir, FileName);
        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            // The agent is the only writer; upgrade old files rather than refuse them.
            Upgrade = true,
        };
        return new NodeStore(new LiteDatabase(connection), path);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction and returns only once it is on disk.
    /// Either every change in it lands or none does.
    /// </summary>
    public T WriteDurably<T>(Func<NodeStore, T> write)
    {
        lock (_writeLock)
        {
            // LiteDB transactions belong to the calling thread; the lock keeps them from interleaving.
            _db.BeginTrans();
            T result;
            try
            {
                result = write(this);
                _db.Commit();
                _db.Checkpoint();
            }
            catch (Exception e) when (e is LiteException or IOException)
            {
                _db.Rollback();
                Interlocked.Increment(ref _writeErrors);
                LastWriteError = e.Message;
                throw new StoreWriteException($"could not write to {Path}: {e.Message}", e);
            }
            Interlocked.Increment(ref _writes);
            LastWriteError = null;
            return result;
        }
    }

    public void Dispose() => _db.Dispose();
}
