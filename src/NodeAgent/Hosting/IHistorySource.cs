namespace NodeAgent.Hosting;

/// <summary>
/// Adds numbers of its own to each resource sample's history record (e.g. the running services' footprints), so they
/// are averaged, kept and flushed with the node's metrics: one buffer, one flush, one timer.
/// </summary>
internal interface IHistorySource
{
    /// <summary>Called under the monitor's sampling lock, once per sample; must be quick and must not throw.</summary>
    void AddTo(Dictionary<string, double> values);
}
