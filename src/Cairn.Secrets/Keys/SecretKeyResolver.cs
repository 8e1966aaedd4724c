using Cairn.Secrets.Processes;

namespace Cairn.Secrets.Keys;

/// <summary>
/// Finds the secret key the way NPBackup does: an explicit key file, else the file named by the location
/// variable, else the output of the command in the command variable.
/// Unlike NPBackup, a configured file that is missing is an error rather than a silent fall-through
/// to the next source, so a typo can never select a different key.
/// </summary>
public sealed class SecretKeyResolver
{
    private readonly Func<string, string?> getEnvironmentVariable;
    private readonly IProcessRunner processRunner;

    public SecretKeyResolver(Func<string, string?> getEnvironmentVariable, IProcessRunner processRunner)
    {
        this.getEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
        this.processRunner = processRunner ?? throw new ArgumentNullException(nameof(processRunner));
    }

    /// <summary>A resolver on the real environment and processes.</summary>
    public static SecretKeyResolver CreateDefault() => new(Environment.GetEnvironmentVariable, new SystemProcessRunner());

    /// <summary>The key from the first configured source, or null when no source is configured.</summary>
    public ResolvedKey? Resolve(KeySourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ExplicitKeyFile))
        {
            return new ResolvedKey(KeyFile.Read(options.ExplicitKeyFile), $"key file '{options.ExplicitKeyFile}'");
        }

        string? location = getEnvironmentVariable(options.KeyLocationVariable);
        if (!string.IsNullOrWhiteSpace(location))
        {
            return new ResolvedKey(
                KeyFile.Read(location),
                $"key file '{location}' (from {options.KeyLocationVariable})");
        }

        string? command = getEnvironmentVariable(options.KeyCommandVariable);
        if (!string.IsNullOrWhiteSpace(command))
        {
            return new ResolvedKey(RunKeyCommand(command, options), $"command from {options.KeyCommandVariable}");
        }

        return null;
    }

    private byte[] RunKeyCommand(string commandLine, KeySourceOptions options)
    {
        string variable = options.KeyCommandVariable;
        IReadOnlyList<string> argv;
        try
        {
            argv = CommandLineSplitter.Split(commandLine);
        }
        catch (FormatException ex)
        {
            throw new SecretKeyException($"The key command in {variable} cannot be parsed: {ex.Message}", ex);
        }

        if (argv.Count == 0)
        {
            throw new SecretKeyException($"The key command in {variable} is empty.");
        }

        ProcessResult result;
        try
        {
            result = processRunner.Run(new ProcessRequest(argv[0], argv.Skip(1).ToArray(), options.CommandTimeout));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            throw new SecretKeyException($"The key command '{argv[0]}' from {variable} failed: {ex.Message}", ex);
        }

        if (result.ExitCode != 0)
        {
            // Output is left out on purpose: it may hold (part of) a key.
            throw new SecretKeyException($"The key command '{argv[0]}' from {variable} exited with code {result.ExitCode}.");
        }

        return KeyFile.Parse(result.StandardOutput, $"output of the key command '{argv[0]}' from {variable}");
    }
}
