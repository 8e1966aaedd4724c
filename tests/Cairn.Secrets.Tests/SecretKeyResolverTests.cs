using Cairn.Secrets.Keys;
using Cairn.Secrets.Processes;

namespace Cairn.Secrets.Tests;

public sealed class SecretKeyResolverTests : IDisposable
{
    private const string LocationVariable = "TESTBRAND_KEY_LOCATION";
    private const string CommandVariable = "TESTBRAND_KEY_COMMAND";

    private readonly TemporaryDirectory directory = new("cairn-secrets-");
    private readonly Dictionary<string, string> environment = [];

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Nothing_configured_gives_no_key()
    {
        var runner = new FakeProcessRunner(0, string.Empty);

        Assert.Null(Resolver(runner).Resolve(Options()));
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public void An_explicit_key_file_wins_over_the_environment()
    {
        string explicitFile = WriteKeyFile("explicit", Fixtures.NpBackupKeyBase64);
        environment[LocationVariable] = WriteKeyFile("from-env", Convert.ToBase64String(new byte[32]));
        environment[CommandVariable] = "never-run";
        var runner = new FakeProcessRunner(0, string.Empty);

        ResolvedKey? key = Resolver(runner).Resolve(Options(explicitFile));

        Assert.Equal(Fixtures.NpBackupKey, key?.Key);
        Assert.Contains(explicitFile, key?.Origin, StringComparison.Ordinal);
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public void The_location_variable_wins_over_the_command()
    {
        string file = WriteKeyFile("from-env", Fixtures.NpBackupKeyBase64);
        environment[LocationVariable] = file;
        environment[CommandVariable] = "never-run";
        var runner = new FakeProcessRunner(0, string.Empty);

        ResolvedKey? key = Resolver(runner).Resolve(Options());

        Assert.Equal(Fixtures.NpBackupKey, key?.Key);
        Assert.Contains(LocationVariable, key?.Origin, StringComparison.Ordinal);
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public void A_missing_file_in_the_location_variable_is_an_error_naming_it()
    {
        string file = directory.Combine("absent");
        environment[LocationVariable] = file;
        environment[CommandVariable] = "would-give-another-key";

        var ex = Assert.Throws<SecretKeyException>(() => Resolver(new FakeProcessRunner(0, string.Empty)).Resolve(Options()));
        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_runs_as_argv_and_its_output_is_the_key()
    {
        environment[CommandVariable] = "\"/opt/key tools/getkey\" --vault 'prod keys'";
        var runner = new FakeProcessRunner(0, Fixtures.NpBackupKeyBase64 + "\n");

        ResolvedKey? key = Resolver(runner).Resolve(Options());

        Assert.Equal(Fixtures.NpBackupKey, key?.Key);
        ProcessRequest request = Assert.Single(runner.Requests);
        Assert.Equal("/opt/key tools/getkey", request.FileName);
        Assert.Equal(["--vault", "prod keys"], request.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(30), request.Timeout);
        Assert.Contains(CommandVariable, key?.Origin, StringComparison.Ordinal);
        Assert.DoesNotContain(Fixtures.NpBackupKeyBase64, key?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_command_is_an_error_without_its_output()
    {
        environment[CommandVariable] = "getkey";
        var runner = new FakeProcessRunner(3, "partial-secret-output");

        var ex = Assert.Throws<SecretKeyException>(() => Resolver(runner).Resolve(Options()));

        Assert.Contains("code 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains(CommandVariable, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("partial-secret-output", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("")]
    public void A_command_printing_no_valid_key_is_an_error(string output)
    {
        environment[CommandVariable] = "getkey";

        var ex = Assert.Throws<SecretKeyException>(() => Resolver(new FakeProcessRunner(0, output)).Resolve(Options()));
        Assert.Contains(CommandVariable, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("getkey 'unterminated")]
    [InlineData("''")]
    public void An_unusable_command_line_is_an_error(string commandLine)
    {
        environment[CommandVariable] = commandLine;

        Assert.Throws<SecretKeyException>(() => Resolver(new FakeProcessRunner(0, string.Empty)).Resolve(Options()));
    }

    [Fact]
    public void A_real_echo_command_provides_the_key()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        environment[CommandVariable] = $"/bin/echo '{Fixtures.NpBackupKeyBase64}'";

        ResolvedKey? key = Resolver(new SystemProcessRunner()).Resolve(Options());

        Assert.Equal(Fixtures.NpBackupKey, key?.Key);
    }

    [Fact]
    public void A_real_command_that_cannot_start_is_an_error()
    {
        environment[CommandVariable] = "/nonexistent/cairn-getkey";

        var ex = Assert.Throws<SecretKeyException>(() => Resolver(new SystemProcessRunner()).Resolve(Options()));
        Assert.Contains("/nonexistent/cairn-getkey", ex.Message, StringComparison.Ordinal);
    }

    private SecretKeyResolver Resolver(IProcessRunner runner) =>
        new(name => environment.GetValueOrDefault(name), runner);

    private static KeySourceOptions Options(string? explicitFile = null) => new(explicitFile, LocationVariable, CommandVariable);

    private string WriteKeyFile(string name, string base64)
    {
        string path = directory.Combine(name);
        File.WriteAllText(path, base64 + "\n");
        return path;
    }
}
