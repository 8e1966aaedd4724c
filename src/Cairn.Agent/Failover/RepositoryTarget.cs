using Cairn.Agent.Backends;
using Cairn.Endpoints;
using Cairn.Metrics.Exposition;

namespace Cairn.Agent.Failover;

/// <summary>One repository of a repo's endpoint list: how to reach it, and its URI without credentials for reports.</summary>
public sealed record RepositoryTarget(RepositoryConnection Connection, string DisplayUri)
{
    public static RepositoryTarget For(RepositoryConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new RepositoryTarget(connection, UrlCredentialGuard.StripUserInfo(connection.Uri, out _));
    }

    public override string ToString() => $"RepositoryTarget {{ {DisplayUri} }}";
}

/// <summary>
/// Which endpoint a command used, as reported in JSON (<c>endpoint: {index, name, uri}</c>), the log and the metrics label
/// <c>endpoint</c>: <c>primary</c> or <c>fallback_N</c>, and the URI without its credentials.
/// </summary>
public sealed record EndpointInfo(int Index, string Name, string Uri)
{
    public static EndpointInfo Of(Endpoint<RepositoryTarget> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new EndpointInfo(endpoint.Index, endpoint.Name, endpoint.Target.DisplayUri);
    }

    public override string ToString() => $"{Name} ({Uri})";
}

/// <summary>An endpoint that was tried and left, and why (JSON <c>output.failover</c> of a backup).</summary>
public sealed record FailoverStep(string Endpoint, string Uri, string Reason)
{
    public override string ToString() => $"{Endpoint} ({Uri}): {Reason}";
}
