using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Cairn.Agent.Notifications;

/// <summary>Zabbix's two ways of receiving NPBackup's data (<c>global_zabbix.method</c>).</summary>
public enum ZabbixMethod
{
    /// <summary>Low-level discovery of the repo and action, then one trapper item per metric.</summary>
    ZabbixProtocol,

    /// <summary>One item, <c>npbackup.metrics_json</c>, holding the whole JSON document.</summary>
    RawJson,
}

/// <summary><c>global_zabbix</c>, read and checked.</summary>
public sealed record ZabbixSettings(
    string Server,
    int Port,
    ZabbixMethod Method,
    string? RawJsonCollectorHost,
    TimeSpan DiscoveryWait,
    TimeSpan Timeout,
    bool UseTls,
    string? TlsCertificate,
    string? TlsKey,
    string? TlsCaCertificate,
    bool NoCertVerify);

/// <summary>
/// The Zabbix trapper protocol (Zabbix 6 and later, port 10051): each send is one TCP connection carrying one ZBXD
/// frame with a "sender data" request, answered by one frame saying how many items were processed. With
/// <see cref="ZabbixMethod.ZabbixProtocol"/>, the first event of each repo and action in a run is preceded by its
/// low-level discovery and a wait of <see cref="ZabbixSettings.DiscoveryWait"/>, so the server has created the items
/// before their values arrive. Optionally over TLS with a client certificate (<c>authentication: tls</c>).
/// </summary>
public sealed class ZabbixDestination(ZabbixSettings settings, TimeProvider clock) : INotificationDestination
{
    private const int MaximumAnswer = 64 * 1024;
    private readonly HashSet<(string Repo, string Operation)> _discovered = [];
    private bool _collectorSent;

    public string Kind => "zabbix";

    public string Target => $"{settings.Server}:{settings.Port}";

    /// <summary>Two exchanges and the discovery wait.</summary>
    public TimeSpan Timeout => settings.Timeout * 2 + settings.DiscoveryWait;

    public bool Accepts(NotificationEvent notification) =>
        notification is { Phase: NotificationPhase.Finished, Skipped: false };

    public async Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var host = notification.Instance
            ?? throw new NotificationException("no instance label (monitoring.instance or identity.machine_id) to use as the Zabbix host");
        if (settings.Method == ZabbixMethod.RawJson)
        {
            var item = ZabbixItems.RawJson(notification, host);
            if (settings.RawJsonCollectorHost is { } collector && !_collectorSent)
            {
                await ExchangeAsync([item with { Host = collector }], cancellationToken).ConfigureAwait(false);
                _collectorSent = true;
                await Task.Delay(settings.DiscoveryWait, clock, cancellationToken).ConfigureAwait(false);
            }
            await ExchangeAsync([item], cancellationToken).ConfigureAwait(false);
            return;
        }
        if (_discovered.Add((notification.Repo, notification.Operation)))
        {
            await ExchangeAsync([ZabbixItems.Discovery(notification, host)], cancellationToken).ConfigureAwait(false);
            await Task.Delay(settings.DiscoveryWait, clock, cancellationToken).ConfigureAwait(false);
        }
        await ExchangeAsync(ZabbixItems.Metrics(notification, host), cancellationToken).ConfigureAwait(false);
    }

    private async Task ExchangeAsync(IReadOnlyList<ZabbixItem> items, CancellationToken cancellationToken)
    {
        using var exchange = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        exchange.CancelAfter(settings.Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(settings.Server, settings.Port, exchange.Token).ConfigureAwait(false);
        Stream stream = client.GetStream();
        await using var tls = settings.UseTls ? new SslStream(stream, leaveInnerStreamOpen: false, ValidateServer) : null;
        if (tls is not null)
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = settings.Server,
                ClientCertificates = ClientCertificate(),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, exchange.Token).ConfigureAwait(false);
            stream = tls;
        }
        var request = ZabbixFrame.Encode(ZabbixItems.SenderRequest(items, clock.GetUtcNow().ToUnixTimeSeconds()));
        await stream.WriteAsync(request, exchange.Token).ConfigureAwait(false);
        await stream.FlushAsync(exchange.Token).ConfigureAwait(false);
        string answer;
        try
        {
            answer = await ZabbixFrame.ReadAsync(stream, MaximumAnswer, exchange.Token).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new NotificationException("the Zabbix server closed the connection without an answer");
        }
        if (ZabbixItems.CheckResponse(answer, items.Count) is { } problem)
        {
            throw new NotificationException(problem);
        }
    }

    private X509CertificateCollection? ClientCertificate()
    {
        if (settings.TlsCertificate is null || settings.TlsKey is null)
        {
            return null;
        }
        // SslStream on Linux needs the key in the certificate's PKCS#12 form to present it
        using var pem = X509Certificate2.CreateFromPemFile(settings.TlsCertificate, settings.TlsKey);
        return [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || settings.TlsCaCertificate is null)
        {
            return settings.NoCertVerify && errors != SslPolicyErrors.RemoteCertificateNotAvailable;
        }
        // trust the configured CA only (tls_cacert); no_cert_verify skips the host name check
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.ImportFromPemFile(settings.TlsCaCertificate);
        using var presented = new X509Certificate2(certificate);
        var chainValid = custom.Build(presented);
        var nameValid = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 || settings.NoCertVerify;
        return chainValid && nameValid;
    }
}
