using LiteDB;
using LiteDB.Engine;

namespace NodeAgent.Storage;

/// <summary>
/// The agent's one LiteDB file. Documents are mapped by hand (<see cref="BsonDocument"/>): LiteDB's
/// reflection mapper does not survive NativeAOT trimming (litedb-org/LiteDB#2832).
/// All access goes through <see cref="Read"/> and <see cref="WriteDurably"/>.
/// </summary>
/// <remarks>
/// Durability: LiteDB commits a transaction by queueing its pages for a background writer thread and
/// returns before they reach the file. A write the agent acknowledges therefore checkpoints: the
/// checkpoint waits for that queue, copies the log into the data file and fsyncs.
/// Failure: after an I/O error (a full disk) LiteDB's in-memory page state is no longer trustworthy
/// ("page must be writable" on every later write, even once space is back). So a failed write throws
/// the engine away; the file on disk is still consistent (the unconfirmed transaction is discarded on
/// open) and the next read or write opens it again.
/// </remarks>
internal sealed class NodeStore : IDisposable
{
    public const string FileName = "nodeagent.db";

    private readonly EngineSettings _connection;
    // Writers (and reopening) exclusive; readers shared. LiteDB is thread-safe itself, but the engine
    // can be replaced after a failure and must not be disposed under a reader.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private LiteEngine? _db;
    private long _writes;
    private long _writeErrors;

    private NodeStore(EngineSettings connection, LiteEngine db)
    {
        _connection = connection;
        _db = db;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path => _connection.Filename;

    /// <summary>Durable write transactions committed since start.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Write transactions that failed (disk full, I/O error) since start.</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>When the last write failed, why; null once a write succeeds again.</summary>
    public string? LastWriteError { get; private set; }

    /// <summary>A collection of the open engine; only valid inside <see cref="Read"/> or <see cref="WriteDurably"/>.</summary>
    internal StoreCollection Collection(string name) =>
        new(_db ?? throw new InvalidOperationException("the store is used outside Read/WriteDurably"), name);

    /// <summary>
    /// Set when the file could not be opened as a database at start and was moved aside (kept, never
    /// deleted, for whoever wants to dig into it) so the node could start on a new one.
    /// </summary>
    public string? RecoveredFrom { get; private init; }

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDir"/>.</summary>
    /// <exception cref="IOException">The directory or file cannot be used (permissions, I/O).</exception>
    public static NodeStore Open(string dataDir, TimeProvider? time = null)
    {
        Directory.CreateDirectory(dataDir);
        // The engine directly, in-process and exclusive (what LiteDB calls a "direct" connection).
        var connection = new EngineSettings { Filename = System.IO.Path.Combine(dataDir, FileName) };
        // A node that never starts again helps nobody: a file that is not a database any more (a card
        // that lost blocks, a half-written copy) is kept aside, never deleted, and a new store is started.
        // The header is checked first because LiteDB rewrites or truncates some damaged files on open.
        string? damage = LooksLikeLiteDb(connection.Filename) ? null : "its header is not a LiteDB 5 header";
        if (damage is null)
        {
            try
            {
                return new NodeStore(connection, new LiteEngine(connection));
            }
            catch (Exception e) when (e is not (IOException or UnauthorizedAccessException or OutOfMemoryException))
            {
                // LiteDB reports damage with whatever its parser trips on (LiteException, but also
                // ArgumentOutOfRangeException for a garbage date): anything but an I/O or permission error.
                damage = e.Message;
            }
        }
        {
            var stamp = (time ?? TimeProvider.System).GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var aside = $"{connection.Filename}.corrupt-{stamp}";
            File.Move(connection.Filename, aside);
            var log = System.IO.Path.Combine(dataDir, "nodeagent-log.db");
            if (File.Exists(log))
            {
                File.Move(log, aside + "-log");
            }
            return new NodeStore(connection, new LiteEngine(connection)) { RecoveredFrom = $"{connection.Filename} could not be opened ({damage}); it was moved to {aside} and a new store started" };
        }
    }

    // LiteDB 5's header page carries this text at byte 32 and the file format version (8) right after it.
    private static ReadOnlySpan<byte> HeaderText => "** This is a LiteDB file **\u0008"u8;

    /// <summary>True for a missing or empty file (LiteDB creates it) or one that starts with a LiteDB 5 header.</summary>
    private static bool LooksLikeLiteDb(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return true;
        }
        Span<byte> head = stackalloc byte[32 + 28];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head[32..].SequenceEqual(HeaderText);
    }

    /// <summary>Runs a read against the store.</summary>
    /// <exception cref="StoreException">The store is closed after a failure and cannot be opened yet.</exception>
    public T Read<T>(Func<NodeStore, T> read)
    {
        if (Volatile.Read(ref _db) is null)
        {
            _lock.EnterWriteLock();
            try
            {
                EnsureOpen();
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        _lock.EnterReadLock();
        try
        {
            return _db is null ? throw new StoreException($"the store {Path} is not open", null) : read(this);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction and returns only once it is on disk.
    /// Either every change in it lands or none does.
    /// </summary>
    /// <exception cref="StoreException">Nothing was written (disk full, I/O error).</exception>
    public T WriteDurably<T>(Func<NodeStore, T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            var db = EnsureOpen();
            // LiteDB transactions belong to the calling thread; the write lock keeps them from interleaving.
            db.BeginTrans();
            T result;
            try
            {
                result = write(this);
                db.Commit();
                db.Checkpoint();
            }
            catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _writeErrors);
                LastWriteError = e.Message;
                Abandon();
                throw new StoreException($"could not write to {Path}: {e.Message}", e);
            }
            catch
            {
                // A bug in the caller's write: undo it and let it surface as it is.
                db.Rollback();
                throw;
            }
            Interlocked.Increment(ref _writes);
            LastWriteError = null;
            return result;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Under the write lock: the open engine, opening the file again after a failure.</summary>
    private LiteEngine EnsureOpen()
    {
        if (_db is { } open)
        {
            return open;
        }
        try
        {
            return _db = new LiteEngine(_connection);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            LastWriteError = e.Message;
            throw new StoreException($"cannot open {Path}: {e.Message}", e);
        }
    }

    /// <summary>Under the write lock: drops an engine whose state a failed write may have left inconsistent.</summary>
    private void Abandon()
    {
        var db = _db;
        _db = null;
        try
        {
            db?.Dispose();
        }
        catch (Exception e) when (e is LiteException or IOException or ObjectDisposedException)
        {
            // Disposing flushes; on a full disk that fails too. The file keeps its last confirmed state.
            LastWriteError += $" (closing also failed: {e.Message})";
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            _db?.Dispose();
            _db = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        _lock.Dispose();
    }
}
