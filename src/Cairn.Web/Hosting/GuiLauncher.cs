using System.Diagnostics;
using System.Net;
using Cairn.Agent;
using Cairn.Agent.Config;
using Cairn.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Hosting;

/// <summary>Options of the <c>&lt;short_name&gt;-gui</c> launcher.</summary>
public sealed record GuiArguments(
    string? ConfigFile,
    IPAddress Listen,
    int Port,
    string? CertificateFile,
    bool AllowInsecureBind,
    IReadOnlyList<string> RestoreRoots,
    bool OpenBrowser,
    bool SetPassword,
    string? StateDirectory)
{
    /// <summary><c>--key-file</c>: the key of the config's encrypted values (else the agent's environment variables).</summary>
    public string? KeyFile { get; init; }

    public const string Usage = """
        usage: {0}-gui [options]            start the web interface and open it in the browser
               {0}-gui set-password         set the admin password (read from standard input)
        options:
          -c, --config FILE          config file (default: the agent's)
          --listen ADDRESS           address to listen on (default 127.0.0.1)
          --port N                   port (default: a free one)
          --certificate FILE         PKCS#12 certificate for HTTPS (password in {1}_GUI_CERTIFICATE_PASSWORD)
          --allow-insecure-bind      allow plain HTTP on a non-loopback address
          --restore-root DIR         a folder restores may write into (repeatable; default: your home folder)
          --state-dir DIR            where the password hash and job history are kept
          --key-file FILE            key of the config's encrypted values (default: {1}_KEY_LOCATION / {1}_KEY_COMMAND)
          --no-browser               do not open the browser (print the login link)
        """;

    /// <summary>Parses the launcher's command line; returns an error message for a bad one.</summary>
    public static (GuiArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? config = null, certificate = null, state = null, keyFile = null;
        var listen = IPAddress.Loopback;
        var port = 0;
        bool insecure = false, browser = true, setPassword = false;
        var roots = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "-c" or "--config": config = Next(); break;
                    case "--listen":
                        var text = Next();
                        listen = IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"not an IP address: {text}");
                        break;
                    case "--port":
                        var portText = Next();
                        port = int.TryParse(portText, out var p) && p is >= 0 and <= 65535 ? p : throw new FormatException($"not a port: {portText}");
                        break;
                    case "--certificate": certificate = Next(); break;
                    case "--allow-insecure-bind": insecure = true; break;
                    case "--restore-root": roots.Add(Path.GetFullPath(Next())); break;
                    case "--state-dir": state = Next(); break;
                    case "--key-file": keyFile = Path.GetFullPath(Next()); break;
                    case "--no-browser": browser = false; break;
                    case "set-password": setPassword = true; break;
                    default: return (null, $"unknown argument: {args[i]}");
                }
            }
            catch (FormatException ex)
            {
                return (null, ex.Message);
            }
        }
        return (new GuiArguments(config, listen, port, certificate, insecure, roots, browser, setPassword, state) { KeyFile = keyFile }, null);
    }
}

/// <summary>
/// The desktop launcher: starts the interface on a free loopback port, opens the default browser with a one-time
/// login link, and runs until the user quits (Ctrl+C, or Quit in the page).
/// </summary>
public static class GuiLauncher
{
    public static async Task<int> RunAsync(string[] args, WebBrand brand, TextWriter output, TextReader input)
    {
        var shortName = brand.Product.ShortName;
        var (arguments, error) = GuiArguments.Parse(args);
        if (arguments is null)
        {
            await output.WriteLineAsync($"error: {error}\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture,
                GuiArguments.Usage, shortName, ProductEnvironmentVariable.Prefix(shortName))).ConfigureAwait(false);
            return 76;
        }
        var stateDirectory = arguments.StateDirectory ?? DefaultStateDirectory(shortName);
        if (arguments.SetPassword)
        {
            await output.WriteLineAsync("New admin password:").ConfigureAwait(false);
            var password = (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r') ?? "";
            if (new AdminPasswordStore(stateDirectory).Set(password) is { } problem)
            {
                await output.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return 76;
            }
            await output.WriteLineAsync("Admin password saved.").ConfigureAwait(false);
            return 0;
        }
        if (BindPolicy.Check(arguments.Listen, arguments.CertificateFile is not null, arguments.AllowInsecureBind) is { } bindError)
        {
            await output.WriteLineAsync($"error: {bindError}").ConfigureAwait(false);
            return 76;
        }
        var options = new CairnWebOptions
        {
            ConfigFile = arguments.ConfigFile ?? DefaultConfigPath.Resolve(shortName, AppContext.BaseDirectory, OperatingSystem.IsWindows(),
                OperatingSystem.IsWindows() ? ProgramDataFolder.Resolve(ProgramDataFolder.KnownFolder, Environment.GetEnvironmentVariable) : null,
                File.Exists),
            StateDirectory = stateDirectory,
            AllowedRestoreRoots = arguments.RestoreRoots.Count > 0
                ? arguments.RestoreRoots
                : [Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)],
            ListenAddress = arguments.Listen,
            Port = arguments.Port,
            CertificateFile = arguments.CertificateFile,
            CertificatePassword = Environment.GetEnvironmentVariable(ProductEnvironmentVariable.Name(shortName, "GUI_CERTIFICATE_PASSWORD")),
            AllowInsecureBind = arguments.AllowInsecureBind,
            KeyFile = arguments.KeyFile,
        };
        await using var app = Build(brand, options);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var link = $"{address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)}/login/once/{app.Services.GetRequiredService<OneTimeLoginTokens>().Issue()}";
        await output.WriteLineAsync($"{brand.Product.ProductName} is running at {address}").ConfigureAwait(false);
        if (!arguments.OpenBrowser || !OpenBrowser(link))
        {
            await output.WriteLineAsync($"Open this one-time login link in your browser: {link}").ConfigureAwait(false);
        }
        await output.WriteLineAsync("Press Ctrl+C to quit.").ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>A ready-to-start web application with the interface, listening as the options say.</summary>
    public static WebApplication Build(WebBrand brand, CairnWebOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.ListenAddress, options.Port, listen =>
        {
            if (options.CertificateFile is { } certificate)
            {
                listen.UseHttps(certificate, options.CertificatePassword);
            }
        }));
        builder.Services.AddCairnWeb(brand, options);
        var app = builder.Build();
        app.UseCairnWeb();
        return app;
    }

    public static string DefaultStateDirectory(string shortName) => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), shortName, "gui")
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), shortName, "gui");


    private static bool OpenBrowser(string url)
    {
        try
        {
            var start = OperatingSystem.IsWindows()
                ? new ProcessStartInfo("cmd", ["/c", "start", "", url]) { CreateNoWindow = true }
                : new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", [url]);
            start.UseShellExecute = false;
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
