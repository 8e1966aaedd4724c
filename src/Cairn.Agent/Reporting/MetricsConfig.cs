using Cairn.Agent.Config;
using Cairn.Metrics;
using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Reporting;

/// <summary>
/// <c>global_prometheus</c>: whether metrics are published (<c>enabled</c>, 3.0: <c>metrics</c>), where
/// (<c>destination</c>: a file path for node_exporter's textfile collector or an http(s):// push gateway URL), with
/// which credentials (<c>http_username</c>, <c>http_password</c>) and TLS check (<c>no_cert_verify</c>), plus the
/// global <c>instance</c> and <c>additional_labels</c>. <see cref="Read"/> is pure and reports each problem with its
/// file position, so a config that cannot publish is refused when it is loaded.
/// </summary>
public sealed record MetricsConfig(
    bool Enabled,
    string? Destination,
    string? Username,
    string? Password,
    bool NoCertVerify,
    string? Instance,
    IReadOnlyDictionary<string, string> AdditionalLabels)
{
    /// <summary><c>fallback_destinations</c>: each its own destination and credentials (see <see cref="MetricsSettings.Fallbacks"/>).</summary>
    public IReadOnlyList<MetricsDestinationConfig> FallbackDestinations { get; init; } = [];

    public static readonly MetricsConfig Disabled = new(false, null, null, null, false, null, new Dictionary<string, string>());

    private const string Section = "global_prometheus";

    public override string ToString() =>
        $"MetricsConfig {{ Enabled = {Enabled}, Destination = {Destination}, Password = {(Password is null ? "" : "***")} }}";

    /// <summary>The publisher's settings; <paramref name="prefix"/> names the metrics new in Cairn.</summary>
    public MetricsSettings ToSettings(string prefix) => new()
    {
        Destination = Destination ?? "",
        Username = Username,
        Password = Password,
        NoCertVerify = NoCertVerify,
        Naming = new MetricNaming(prefix: prefix),
        // with fallbacks, a gateway that does not answer is left sooner for the next one
        Timeout = FallbackDestinations.Count > 0 ? FallbackTimeout : new MetricsSettings { Destination = "-" }.Timeout,
        Fallbacks = [.. FallbackDestinations.Select(f => new MetricsSettings
        {
            Destination = f.Destination,
            Username = f.Username,
            Password = f.Password,
            NoCertVerify = f.NoCertVerify,
        })],
    };

    /// <summary>Each push attempt's bound when there are fallback destinations (two attempts per gateway).</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The section's values, and each problem of an enabled section (none when disabled).</summary>
    public static (MetricsConfig Config, IReadOnlyList<ConfigError> Errors) Read(ConfigMapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root[Section] is not ConfigMapping section)
        {
            return (Disabled, []);
        }
        string? Text(string key) => section[key] is ConfigScalar { Value: { Length: > 0 } value } ? value : null;
        bool Flag(string key) => Text(key) is { } text && ConfigValues.TryParseBoolean(text, out var on) && on;

        var errors = new List<ConfigError>();
        var labels = ReadLabels(section["additional_labels"], $"{Section}.additional_labels", errors);
        var config = new MetricsConfig(
            Enabled: section.ContainsKey("enabled") ? Flag("enabled") : Flag("metrics"),
            Destination: Text("destination"),
            Username: Text("http_username"),
            Password: Text("http_password"),
            NoCertVerify: Flag("no_cert_verify"),
            Instance: Text("instance"),
            AdditionalLabels: labels)
        {
            FallbackDestinations = ReadFallbacks(section["fallback_destinations"]),
        };
        if (!config.Enabled)
        {
            return (config, []);
        }
        if (section["fallback_destinations"] is ConfigSequence fallbackNodes)
        {
            for (var i = 0; i < config.FallbackDestinations.Count && i < fallbackNodes.Items.Count; i++)
            {
                var node = fallbackNodes.Items[i];
                var at = (node as ConfigMapping)?["destination"]?.Location ?? node.Location;
                var fallback = config.FallbackDestinations[i];
                if (fallback.Destination.Length == 0)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, at, $"{Section}.fallback_destinations[{i}].destination",
                        "no destination: give a file path or an http(s):// push gateway URL"));
                    continue;
                }
                try
                {
                    using var publisher = new MetricsPublisher(new MetricsSettings { Destination = fallback.Destination });
                }
                catch (ArgumentException ex)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, at, $"{Section}.fallback_destinations[{i}].destination", ex.Message));
                }
            }
        }

        var where = section["destination"]?.Location ?? section.Location;
        if (config.Destination is null)
        {
            errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, where, $"{Section}.destination",
                "metrics are enabled but no destination is set: give a file path or an http(s):// push gateway URL"));
        }
        else
        {
            try
            {
                using var publisher = new MetricsPublisher(config.ToSettings("check"));
            }
            catch (ArgumentException ex)
            {
                errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, where, $"{Section}.destination", ex.Message));
            }
        }
        return (config, errors);
    }

    private static List<MetricsDestinationConfig> ReadFallbacks(ConfigNode? node)
    {
        if (node is not ConfigSequence sequence)
        {
            return [];
        }
        static string? Text(ConfigMapping mapping, string key) => mapping[key] is ConfigScalar { Value: { Length: > 0 } value } ? value : null;
        return [.. sequence.Items.Select(item => item switch
        {
            ConfigMapping mapping => new MetricsDestinationConfig(Text(mapping, "destination") ?? "", Text(mapping, "http_username"),
                Text(mapping, "http_password"),
                Text(mapping, "no_cert_verify") is { } flag && ConfigValues.TryParseBoolean(flag, out var on) && on),
            ConfigScalar { Value: { } value } => new MetricsDestinationConfig(value, null, null, false),
            _ => new MetricsDestinationConfig("", null, null, false),
        })];
    }

    /// <summary>Every problem of the metrics settings (the section, and the repos' labels when enabled).</summary>
    public static IReadOnlyList<ConfigError> Validate(ConfigMapping root)
    {
        var (config, errors) = Read(root);
        return config.Enabled ? [.. errors, .. CheckMonitoring(root)] : errors;
    }

    /// <summary>
    /// Problems of the <c>monitoring</c> (3.0: <c>prometheus</c>) sections of repos and groups: additional label names
    /// that Prometheus refuses or that clash with a built-in label. Only checked when metrics are enabled.
    /// </summary>
    public static IReadOnlyList<ConfigError> CheckMonitoring(ConfigMapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var errors = new List<ConfigError>();
        foreach (var sectionName in new[] { "repos", "groups" })
        {
            if (root[sectionName] is not ConfigMapping section)
            {
                continue;
            }
            foreach (var entry in section.Entries)
            {
                foreach (var monitoring in new[] { "monitoring", "prometheus" })
                {
                    if (entry.Value is ConfigMapping owner && owner.Find($"{monitoring}.additional_labels") is { } labels)
                    {
                        ReadLabels(labels, $"{sectionName}.{entry.Key}.{monitoring}.additional_labels", errors);
                    }
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// Additional labels written as a mapping (3.1) or as <c>name=value</c> items (3.0). Each name is checked with the
    /// metrics library's own rules.
    /// </summary>
    internal static Dictionary<string, string> ReadLabels(ConfigNode? node, string path, List<ConfigError>? errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string value, SourceLocation location, string keyPath)
        {
            if (Check(name) is { } problem)
            {
                errors?.Add(new ConfigError(ConfigErrorKind.InvalidValue, location, keyPath, problem));
                return;
            }
            labels[name] = value;
        }

        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    Add(entry.Key, (entry.Value as ConfigScalar)?.Value ?? "", entry.KeyLocation, $"{path}.{entry.Key}");
                }
                break;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    var text = (item as ConfigScalar)?.Value ?? "";
                    var equals = text.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        errors?.Add(new ConfigError(ConfigErrorKind.InvalidValue, item.Location, $"{path}[{i}]",
                            $"expected a label as name=value, got '{text}'"));
                        continue;
                    }
                    Add(text[..equals].Trim(), text[(equals + 1)..].Trim(), item.Location, $"{path}[{i}]");
                }
                break;
        }
        return labels;
    }

    /// <summary>Why a label name cannot be used, or null (asks the metrics library, so the rules never differ).</summary>
    private static string? Check(string name)
    {
        try
        {
            MetricsRenderer.Render(new OperationMetrics("check", "check", ExecState.Ok, TimeSpan.Zero),
                new MetricLabels { AdditionalLabels = new Dictionary<string, string> { [name] = "x" } },
                new MetricNaming(), DateTimeOffset.UnixEpoch);
            return null;
        }
        catch (InvalidMetricLabelException ex)
        {
            return ex.Message;
        }
    }
}

/// <summary>One of <c>global_prometheus.fallback_destinations</c>: a path or push gateway URL with its own credentials.</summary>
public sealed record MetricsDestinationConfig(string Destination, string? Username, string? Password, bool NoCertVerify)
{
    public override string ToString() => $"MetricsDestinationConfig {{ Destination = {Destination}, Password = {(Password is null ? "" : "***")} }}";
}

