using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>A plain gateway shared by one test class; each test wipes it first.</summary>
public sealed class PlainGatewayFixture : IAsyncLifetime
{
    internal PushGatewayServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (PushGatewayServer.FindBinary() is not null)
        {
            Server = await PushGatewayServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>A gateway behind basic auth: web.yml with a bcrypt hash made by htpasswd, as an admin would.</summary>
public sealed class BasicAuthGatewayFixture : IAsyncLifetime
{
    public const string User = "cairn";
    public const string Password = "s3cret pass:word";
    private readonly TemporaryDirectory directory = new("cairn-metrics-");

    internal PushGatewayServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (PushGatewayServer.FindBinary() is null)
        {
            return;
        }

        string webConfig = directory.Combine("web.yml");
        await File.WriteAllTextAsync(webConfig, $"basic_auth_users:\n  {User}: '{await BcryptHashAsync(User, Password)}'\n");
        Server = await PushGatewayServer.StartAsync(webConfig, credentials: (User, Password));
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        directory.Dispose();
    }

    private static async Task<string> BcryptHashAsync(string user, string password)
    {
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-nbB", user, password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"htpasswd failed: {await process.StandardError.ReadToEndAsync()}");
        }

        // "user:$2y$05$..." on the first line.
        return output.Split('\n')[0].Split(':', 2)[1].Trim();
    }
}

/// <summary>A gateway serving HTTPS with a self-signed certificate made by the test.</summary>
public sealed class TlsGatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory directory = new("cairn-metrics-");

    internal PushGatewayServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (PushGatewayServer.FindBinary() is null)
        {
            return;
        }

        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(directory.Combine("cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(directory.Combine("key.pem"), key.ExportPkcs8PrivateKeyPem());
        string webConfig = directory.Combine("web.yml");
        await File.WriteAllTextAsync(webConfig,
            $"tls_server_config:\n  cert_file: {directory.Combine("cert.pem")}\n  key_file: {directory.Combine("key.pem")}\n");
        Server = await PushGatewayServer.StartAsync(webConfig, tls: true);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        directory.Dispose();
    }
}
