using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Cairn.Agent.Tests.Support.Sinks;

public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> Recipients, string Content, bool Tls, string? Login);

/// <summary>
/// Debian's aiosmtpd (python3-aiosmtpd) as a real SMTP server on 127.0.0.1, started and stopped by the test
/// (<c>smtp_sink.py</c> beside this file): optionally with STARTTLS (a self-signed certificate made here) and AUTH.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _folder;

    private SmtpSink(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Why the sink cannot run here, or null (Debian's python3 with aiosmtpd is needed).</summary>
    public static string? Unavailable => Availability.Value;

    private static readonly Lazy<string?> Availability = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed";
        }
        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0 ? null : "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)";
    });

    public static async Task<SmtpSink> StartAsync(string folder, bool startTls = false, string? auth = null, bool reject = false)
    {
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "Sinks", "smtp_sink.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Path.Combine(folder, "mail"));
        Directory.CreateDirectory(Path.Combine(folder, "mail"));
        if (startTls)
        {
            var (cert, key) = WriteSelfSignedCertificate(folder);
            start.ArgumentList.Add("--starttls");
            start.ArgumentList.Add(cert);
            start.ArgumentList.Add(key);
        }
        if (auth is not null)
        {
            start.ArgumentList.Add("--auth");
            start.ArgumentList.Add(auth);
        }
        if (reject)
        {
            start.ArgumentList.Add("--reject");
        }
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("READY ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill();
            throw new InvalidOperationException($"the SMTP sink did not start: {line} {error}");
        }
        return new SmtpSink(process, Path.Combine(folder, "mail"), int.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The messages received so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Messages()
    {
        return [.. Directory.GetFiles(_folder, "*.json")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture))
            .Select(f =>
            {
                using var document = JsonDocument.Parse(File.ReadAllText(f));
                var root = document.RootElement;
                return new ReceivedMail(root.GetProperty("mail_from").GetString()!,
                    [.. root.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString()!)],
                    root.GetProperty("content").GetString()!, root.GetProperty("tls").GetBoolean(),
                    root.GetProperty("login").ValueKind == JsonValueKind.String ? root.GetProperty("login").GetString() : null);
            })];
    }

    private static (string Cert, string Key) WriteSelfSignedCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(folder, "smtp.crt");
        var keyPath = Path.Combine(folder, "smtp.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
