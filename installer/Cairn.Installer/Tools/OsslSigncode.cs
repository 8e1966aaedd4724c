using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>
/// What <c>osslsigncode sign</c> needs. The password is read from a file (<c>-readpass</c>), never put on a
/// command line other users can see.
/// </summary>
/// <param name="Description">Shown by Windows in the signature dialog (-n).</param>
/// <param name="Url">The publisher's page (-i).</param>
/// <param name="TimestampUrl">An RFC 3161 time-stamping server (-ts), so signatures outlive the certificate.</param>
public sealed record OsslSigncodeSignSettings(
    string Pkcs12File, string PasswordFile, string InputFile, string OutputFile,
    string? Description = null, string? Url = null, string? TimestampUrl = null)
{
    public string ToolPath { get; init; } = ToolLocator.Find("osslsigncode", "CAIRN_OSSLSIGNCODE");
}

/// <summary>What <c>osslsigncode verify</c> needs; a CA file lets a self-signed test certificate verify.</summary>
public sealed record OsslSigncodeVerifySettings(string InputFile, string? CaFile = null)
{
    public string ToolPath { get; init; } = ToolLocator.Find("osslsigncode", "CAIRN_OSSLSIGNCODE");
}

/// <summary>osslsigncode's argv, built purely so tests can read it.</summary>
public static class OsslSigncodeArguments
{
    public static IReadOnlyList<string> Sign(OsslSigncodeSignSettings settings)
    {
        var args = new List<string> { "sign", "-pkcs12", settings.Pkcs12File, "-readpass", settings.PasswordFile, "-h", "sha256" };
        if (settings.Description is not null)
        {
            args.AddRange(["-n", settings.Description]);
        }
        if (settings.Url is not null)
        {
            args.AddRange(["-i", settings.Url]);
        }
        if (settings.TimestampUrl is not null)
        {
            args.AddRange(["-ts", settings.TimestampUrl]);
        }
        args.AddRange(["-in", settings.InputFile, "-out", settings.OutputFile]);
        return args;
    }

    public static IReadOnlyList<string> Verify(OsslSigncodeVerifySettings settings) =>
        settings.CaFile is null
            ? ["verify", "-in", settings.InputFile]
            : ["verify", "-CAfile", settings.CaFile, "-in", settings.InputFile];
}

/// <summary>Runs osslsigncode.</summary>
public sealed class OsslSigncodeRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">Signing failed; the message holds osslsigncode's output.</exception>
    public void Sign(OsslSigncodeSignSettings settings) =>
        ToolRun.Checked(runner, new ProcessRequest(settings.ToolPath, OsslSigncodeArguments.Sign(settings)));

    /// <summary>osslsigncode's result: exit code 0 when the signature verifies.</summary>
    public ProcessResult Verify(OsslSigncodeVerifySettings settings) =>
        runner.Run(new ProcessRequest(settings.ToolPath, OsslSigncodeArguments.Verify(settings)));
}
