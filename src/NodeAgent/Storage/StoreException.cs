namespace NodeAgent.Storage;

/// <summary>
/// The store could not be read or written (typically a full disk or an I/O error). A failed write
/// changed nothing; the store reopens itself on the next use once the cause is gone.
/// </summary>
internal sealed class StoreException(string message, Exception? inner) : Exception(message, inner);
