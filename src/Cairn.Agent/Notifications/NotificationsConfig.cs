using System.Globalization;
using Cairn.Agent.Config;
using MimeKit;

namespace Cairn.Agent.Notifications;

/// <summary>
/// Builds the destinations of the enabled sections <c>global_zabbix</c>, <c>global_healthchecksio</c>,
/// <c>global_webhooks</c> and <c>global_email</c>. A section whose settings cannot work becomes an
/// <see cref="UnusableDestination"/> naming the key and its position, which warns after every operation. Values are
/// read after decryption; the types were checked when the file was loaded.
/// </summary>
public static class NotificationsConfig
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultWebhookTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultEmailTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultDiscoveryWait = TimeSpan.FromSeconds(10);
    public const int DefaultZabbixPort = 10051;
    public const int DefaultSmtpPort = 587;

    /// <summary>The destinations of the enabled sections, in a fixed order: Zabbix, healthchecks.io, webhooks, email.</summary>
    /// <param name="httpClient">Shared by the HTTP destinations; made by the caller, who disposes it.</param>
    public static IReadOnlyList<INotificationDestination> Read(ConfigMapping root, ProductIdentity product, TimeProvider clock,
        Func<bool, HttpClient> httpClient)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(httpClient);
        var destinations = new List<INotificationDestination>();
        void Add(string section, string kind, Func<Section, INotificationDestination> build)
        {
            if (root[section] is not ConfigMapping mapping)
            {
                return;
            }
            var reader = new Section(section, mapping);
            if (!reader.Flag("enabled") && !reader.Flag("enable"))
            {
                return;
            }
            try
            {
                destinations.Add(build(reader));
            }
            catch (SettingException ex)
            {
                destinations.Add(new UnusableDestination(kind, section, ex.Message));
            }
        }

        Add("global_zabbix", "zabbix", s => new ZabbixDestination(Zabbix(s), clock));
        Add("global_healthchecksio", "healthchecks.io", s =>
        {
            var settings = new HealthchecksSettings(s.HttpUrl("url"), s.Seconds("timeout", DefaultTimeout), s.Text("username"),
                s.Text("password"), s.Flag("no_cert_verify"));
            return new HealthchecksDestination(settings, httpClient(settings.NoCertVerify));
        });
        Add("global_webhooks", "webhook", s =>
        {
            var destination = s.Required("destination");
            var isUrl = destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
                        destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            if (!isUrl && destination.Contains("://", StringComparison.Ordinal))
            {
                throw s.Bad("destination", "is neither an http(s):// URL nor a file path");
            }
            var method = s.Text("method")?.ToUpperInvariant() ?? "POST";
            if (method is not ("POST" or "GET"))
            {
                throw s.Bad("method", $"unknown method '{s.Text("method")}' (POST or GET)");
            }
            var settings = new WebhookSettings(isUrl ? s.HttpUrl("destination") : null, isUrl ? null : destination, method == "GET",
                s.Seconds("timeout", DefaultWebhookTimeout), s.Text("username"), s.Text("password"), s.Flag("pretty_json"),
                s.Flag("no_cert_verify"));
            return new WebhookDestination(settings, isUrl ? httpClient(settings.NoCertVerify) : null);
        });
        Add("global_email", "email", s => new EmailDestination(Email(s), product));
        return destinations;
    }

    /// <summary>Why each enabled section cannot work (for <c>config check</c>): the warnings every run would give.</summary>
    public static IReadOnlyList<string> Problems(ConfigMapping root, ProductIdentity product)
    {
        using var http = new HttpClient();
        return [.. Read(root, product, TimeProvider.System, _ => http).OfType<UnusableDestination>().Select(d => d.Problem)];
    }

    private static ZabbixSettings Zabbix(Section s)
    {
        var method = s.Text("method")?.ToUpperInvariant() switch
        {
            null or "ZABBIXPROTOCOL" => ZabbixMethod.ZabbixProtocol,
            "RAWJSON" => ZabbixMethod.RawJson,
            _ => throw s.Bad("method", $"unknown method '{s.Text("method")}' (ZabbixProtocol or RawJSON)"),
        };
        var authentication = s.Text("authentication")?.ToLowerInvariant();
        if (authentication is "psk")
        {
            throw s.Bad("authentication", "PSK encryption is not supported (.NET has no TLS-PSK): use tls with certificates, or none");
        }
        if (authentication is not (null or "none" or "tls"))
        {
            throw s.Bad("authentication", $"unknown authentication '{s.Text("authentication")}' (none, tls or psk)");
        }
        var useTls = authentication == "tls";
        string? File(string key)
        {
            var path = s.Text(key);
            if (useTls && path is null)
            {
                throw s.Bad(key, "authentication tls needs tls_cert, tls_key and tls_cacert");
            }
            if (path is not null && useTls && !System.IO.File.Exists(path))
            {
                throw s.Bad(key, $"file not found: {path}");
            }
            return path;
        }
        // NPBackup: a null or 0 discovery_wait_time means 10 s
        var wait = s.Seconds("discovery_wait_time", DefaultDiscoveryWait);
        return new ZabbixSettings(s.Required("server"), s.Port("port", DefaultZabbixPort), method, s.Text("raw_json_collector_host"),
            wait == TimeSpan.Zero ? DefaultDiscoveryWait : wait, s.Seconds("timeout", DefaultTimeout), useTls,
            File("tls_cert"), File("tls_key"), File("tls_cacert"), s.Flag("no_cert_verify"));
    }

    private static EmailSettings Email(Section s)
    {
        var security = s.Text("smtp_security")?.ToLowerInvariant() switch
        {
            null or "none" => SmtpSecurity.None,
            "ssl" => SmtpSecurity.Ssl,
            "tls" => SmtpSecurity.StartTls,
            // NPBackup falls back to plain SMTP; sending a password in clear because of a typo is worse than a warning
            _ => throw s.Bad("smtp_security", $"unknown security '{s.Text("smtp_security")}' (ssl, tls, or null for plain SMTP)"),
        };
        var sender = s.Required("sender");
        if (!IsAddress(sender))
        {
            throw s.Bad("sender", $"'{sender}' is not an email address");
        }
        // 3.1: recipients per event; 3.0: one list, sent the events whose boolean (on_backup_success, ...) is true
        var legacy = s.Node("recipients") is ConfigSequence or ConfigScalar;
        IReadOnlyList<string> Recipients(string key)
        {
            var list = legacy ? (s.Flag(key) ? s.List("recipients") : []) : s.List($"recipients.{key}");
            foreach (var address in list)
            {
                if (!IsAddress(address))
                {
                    throw s.Bad(legacy ? "recipients" : $"recipients.{key}", $"'{address}' is not an email address");
                }
            }
            return list;
        }
        return new EmailSettings(s.Required("smtp_server"), s.Port("smtp_port", DefaultSmtpPort), security, s.Text("smtp_username"),
            s.Text("smtp_password"), sender,
            new EmailRecipients(Recipients("on_backup_success"), Recipients("on_backup_failure"), Recipients("on_operations_success"),
                Recipients("on_operations_failure")),
            s.Seconds("timeout", DefaultEmailTimeout), s.Flag("no_cert_verify"));
    }

    /// <summary>A mailbox with a domain (MimeKit alone accepts a bare local part).</summary>
    private static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at &&
        at < mailbox.Address.Length - 1;

    private sealed class SettingException(string message) : Exception(message);

    /// <summary>Reads one section's values; <see cref="Bad"/> names the key and its position.</summary>
    private sealed class Section(string name, ConfigMapping mapping)
    {
        public ConfigNode? Node(string key) => mapping.Find(key);

        public string? Text(string key) => Node(key) is ConfigScalar { Value: { } value } && value.Trim().Length > 0 ? value.Trim() : null;

        public bool Flag(string key) => Text(key) is { } text && ConfigValues.TryParseBoolean(text, out var on) && on;

        public string Required(string key) => Text(key) ?? throw Bad(key, "is not set");

        public IReadOnlyList<string> List(string key) => Node(key) switch
        {
            ConfigSequence sequence => [.. sequence.Items.OfType<ConfigScalar>().Select(i => i.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)],
            ConfigScalar { Value: { } single } when single.Trim().Length > 0 => [single.Trim()],
            _ => [],
        };

        public TimeSpan Seconds(string key, TimeSpan fallback)
        {
            if (Text(key) is not { } text)
            {
                return fallback;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 3600)
            {
                throw Bad(key, $"'{text}' is not a number of seconds from 0 to 3600");
            }
            return seconds == 0 && key == "timeout" ? fallback : TimeSpan.FromSeconds(seconds);
        }

        public int Port(string key, int fallback)
        {
            if (Text(key) is not { } text)
            {
                return fallback;
            }
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw Bad(key, $"'{text}' is not a port number");
        }

        public Uri HttpUrl(string key)
        {
            var text = Required(key);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw Bad(key, "is not an http(s):// URL");
            }
            return url;
        }

        public Exception Bad(string key, string message)
        {
            var location = Node(key)?.Location ?? mapping.Location;
            return new SettingException($"{location}: {name}.{key}: {message}; nothing is sent");
        }
    }
}
