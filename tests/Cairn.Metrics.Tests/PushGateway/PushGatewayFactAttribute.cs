namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>A test against the real push gateway, skipped (with the reason shown) only when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PushGatewayFactAttribute : FactAttribute
{
    public PushGatewayFactAttribute()
    {
        if (PushGatewayServer.FindBinary() is null)
        {
            Skip = "prometheus-pushgateway not found (install Debian's prometheus-pushgateway or set CAIRN_PUSHGATEWAY).";
        }
    }
}
