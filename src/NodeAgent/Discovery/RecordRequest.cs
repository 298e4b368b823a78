using System.Globalization;
using System.Text;

namespace NodeAgent.Discovery;

/// <summary>
/// The payload of a <c>nodeagent-records</c> query: the page wanted, as ASCII decimal. Serf delivers the query to
/// every node it is filtered to; each answers with that page of its own record set.
/// </summary>
internal static class RecordRequest
{
    /// <summary>The Serf query name this agent answers.</summary>
    public const string QueryName = "nodeagent-records";

    public static byte[] Encode(int page) => Encoding.ASCII.GetBytes(page.ToString(CultureInfo.InvariantCulture));

    /// <summary>The page asked for; false for anything but 1-3 decimal digits.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out int page)
    {
        page = 0;
        if (payload.Length is 0 or > 3)
        {
            return false;
        }
        foreach (var b in payload)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            page = (page * 10) + (b - '0');
        }
        return true;
    }
}
