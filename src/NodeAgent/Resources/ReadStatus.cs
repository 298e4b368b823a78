namespace NodeAgent.Resources;

/// <summary>Outcome of <see cref="ProcFileReader.Read"/>.</summary>
internal enum ReadStatus
{
    /// <summary>The file was read; the text is valid until the next read.</summary>
    Ok,

    /// <summary>The file does not exist: the feature is absent on this host, not an error.</summary>
    Missing,

    /// <summary>The file exists but could not be read; <see cref="ProcFileReader.LastError"/> says why.</summary>
    Failed,
}
