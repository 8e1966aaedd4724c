using System.Net;

namespace Cairn.Web.Hosting;

/// <summary>Where the interface may listen: loopback by default; anything else needs TLS or an explicit flag.</summary>
public static class BindPolicy
{
    /// <summary>An error message, or null when the bind is allowed.</summary>
    public static string? Check(IPAddress address, bool hasCertificate, bool allowInsecure)
    {
        if (IPAddress.IsLoopback(address) || hasCertificate || allowInsecure)
        {
            return null;
        }
        return $"refusing to serve plain HTTP on {address}: only loopback addresses may be used without TLS; " +
               "give a certificate (--certificate FILE) or pass --allow-insecure-bind";
    }
}
