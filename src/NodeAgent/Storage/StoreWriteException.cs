namespace NodeAgent.Storage;

/// <summary>A write to the store failed (typically disk full or an I/O error) and changed nothing.</summary>
internal sealed class StoreWriteException(string message, Exception inner) : Exception(message, inner);
