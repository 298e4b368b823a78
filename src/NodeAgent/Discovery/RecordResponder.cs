using NodeAgent.Discovery.Serf;

namespace NodeAgent.Discovery;

/// <summary>How a node answers a <c>nodeagent-records</c> query: the page asked for, or nothing for a bad request.</summary>
internal static class RecordResponder
{
    public static byte[]? Answer(RecordPages pages, SerfQueryEvent query) =>
        query.Name == RecordRequest.QueryName && RecordRequest.TryDecode(query.Payload, out var page) && page < pages.Pages.Count
            ? pages.Pages[page]
            : null;
}
