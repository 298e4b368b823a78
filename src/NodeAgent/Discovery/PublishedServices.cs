using NodeAgent.Configuration;

namespace NodeAgent.Discovery;

/// <summary>
/// What the backends publish: the healthy services, each carrying the node's guifi.net id as the field
/// <c>guifi_node</c> so the community's tools can link a record to the node's entry in guifi.net. A record already
/// at <see cref="ServiceRules.MaxFields"/> fields or <see cref="ServiceRules.MaxRecordBytes"/> goes out without it
/// (every receiver would refuse it otherwise). Raises <see cref="Changed"/> when the services or the id change.
/// </summary>
internal sealed class PublishedServices : IServiceSource
{
    private readonly IServiceSource _inner;
    private readonly Func<int?> _guifiNode;

    public PublishedServices(IServiceSource inner, Func<int?> guifiNode, Action<EventHandler> onGuifiChanged)
    {
        _inner = inner;
        _guifiNode = guifiNode;
        _inner.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        onGuifiChanged((_, _) => Changed?.Invoke(this, EventArgs.Empty));
    }

    public event EventHandler? Changed;

    public IReadOnlyList<LocalService> Healthy
    {
        get
        {
            var services = _inner.Healthy;
            if (_guifiNode() is not { } id)
            {
                return services;
            }
            var value = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = new List<LocalService>(services.Count);
            foreach (var service in services)
            {
                result.Add(WithField(service, value));
            }
            return result;
        }
    }

    private static LocalService WithField(LocalService service, string value)
    {
        if (!service.Fields.ContainsKey(GuifiNodes.Field) && service.Fields.Count >= ServiceRules.MaxFields)
        {
            return service;
        }
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, text) in service.Fields)
        {
            fields[key] = text;
        }
        fields[GuifiNodes.Field] = value;
        var tagged = service with { Fields = fields };
        return RecordCodec.EncodedSize(tagged) <= ServiceRules.MaxRecordBytes ? tagged : service;
    }
}
