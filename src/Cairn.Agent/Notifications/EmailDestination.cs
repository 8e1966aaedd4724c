using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Cairn.Agent.Notifications;

/// <summary>How the SMTP connection is protected (<c>global_email.smtp_security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>null: plain SMTP, as NPBackup does.</summary>
    None,

    /// <summary><c>ssl</c>: TLS from the first byte (SMTPS, usually port 465).</summary>
    Ssl,

    /// <summary><c>tls</c>: STARTTLS, required (usually port 587).</summary>
    StartTls,
}

/// <summary><c>global_email</c>, read and checked.</summary>
public sealed record EmailSettings(
    string Server,
    int Port,
    SmtpSecurity Security,
    string? Username,
    string? Password,
    string Sender,
    EmailRecipients Recipients,
    TimeSpan Timeout,
    bool NoCertVerify)
{
    public override string ToString() => $"EmailSettings {{ Server = {Server}:{Port}, Username = {Username}, Password = {(Password is null ? "" : "***")} }}";
}

/// <summary>
/// A plain-text report mail after each operation to the recipients of its event (backup or other operation, success
/// or failure); nothing when that event has no recipients. SMTP through MailKit: plain, SMTPS or required STARTTLS;
/// login when a username and password are set. A refused recipient or login is a failure.
/// </summary>
public sealed class EmailDestination(EmailSettings settings, ProductIdentity product) : INotificationDestination
{
    public string Kind => "email";

    public string Target => $"{settings.Server}:{settings.Port}";

    public TimeSpan Timeout => settings.Timeout;

    public bool Accepts(NotificationEvent notification) =>
        notification is { Phase: NotificationPhase.Finished, Skipped: false } && settings.Recipients.For(notification).Count > 0;

    public async Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        var report = EmailReport.For(notification, product);
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Sender));
        foreach (var recipient in settings.Recipients.For(notification))
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }
        message.Subject = report.Subject;
        message.Body = new TextPart("plain") { Text = report.Body };

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        if (settings.NoCertVerify)
        {
            // asked for explicitly (no_cert_verify), for servers with self-signed certificates
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }
        try
        {
            await client.ConnectAsync(settings.Server, settings.Port, settings.Security switch
            {
                SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            }, cancellationToken).ConfigureAwait(false);
            if (settings.Username is not null && settings.Password is not null)
            {
                await client.AuthenticateAsync(settings.Username, settings.Password, cancellationToken).ConfigureAwait(false);
            }
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
        {
            throw new NotificationException($"SMTP: {ex.Message}", ex);
        }
    }
}
