using System.Diagnostics;
using System.Xml.Linq;
using Cairn.Branding.Escaping;

namespace Cairn.Branding.Tests;

/// <summary>Each escaper is checked by the real consumer of its output: Roslyn, an XML parser, sh, makensis.</summary>
public class EscaperTests
{
    public static TheoryData<string> HostileValues => new()
    {
        TemporaryBrand.HostileProductName,
        "plain",
        "",
        "quote ' single and \" double",
        "back\\slash\\",
        "dollar $PATH ${HOME} $(id) `id`",
        "xml <tag attr=\"v\"> & &amp; ]]>",
        "nsis $\\\" $$ $INSTDIR ${VAR}",
        "Ünïcødé ñame — 日本語 😀",
        "{{ brand.product_name }} {% raw %}",
        "tab\there",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void CSharp_literal_compiles_to_the_exact_value(string value)
    {
        var source = $"public static class Probe {{ public const string Value = {CSharpEscaper.StringLiteral(value)}; }}";

        var assembly = CSharpCompilationHelper.Compile([source]);

        Assert.Equal(value, CSharpCompilationHelper.ConstantOf(assembly, "Probe", "Value"));
    }

    [Fact]
    public void CSharp_literal_is_pure_ascii()
    {
        Assert.All(CSharpEscaper.StringLiteral(TemporaryBrand.HostileProductName), c => Assert.InRange(c, ' ', '~'));
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Xml_text_and_attribute_parse_back_exactly(string value)
    {
        if (value.Any(char.IsControl))
        {
            return; // Brand validation refuses control characters, which XML 1.0 cannot carry anyway.
        }
        var escaped = XmlEscaper.Escape(value);

        var element = XElement.Parse($"<e a=\"{escaped}\" b='{escaped}'>{escaped}</e>");

        Assert.Equal(value, element.Value);
        Assert.Equal(value, element.Attribute("a")!.Value);
        Assert.Equal(value, element.Attribute("b")!.Value);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Shell_word_is_printed_back_exactly_by_sh(string value)
    {
        var output = Run("sh", "-c", "printf '%s' " + ShellEscaper.SingleQuoted(value));

        Assert.Equal(value, output);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Nsis_string_is_written_back_exactly_by_makensis(string value)
    {
        if (!ToolExists("makensis"))
        {
            Console.WriteLine("SKIPPED: makensis (Debian package nsis) is not installed; NSIS escaping not checked.");
            return;
        }
        var directory = Directory.CreateTempSubdirectory("cairn-nsis").FullName;
        var output = Path.Combine(directory, "out.txt");
        // FileWriteUTF16LE is not available at compile time; a !define expanded into !appendfile is, and uses the same string rules.
        var script = $"Unicode true\n!define VALUE {NsisEscaper.QuotedString(value)}\n!appendfile \"{output}\" \"${{VALUE}}\"\nOutFile \"{directory}/x.exe\"\nSection\nSectionEnd\n";
        File.WriteAllText(Path.Combine(directory, "probe.nsi"), script, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Run("makensis", "-V1", Path.Combine(directory, "probe.nsi"));

        Assert.Equal(NsisCompileTimeView(value), File.ReadAllText(output));
    }

    [Fact]
    public void Systemd_text_doubles_percent_signs()
    {
        Assert.Equal("100%% sure", SystemdEscaper.Text("100% sure"));
    }

    // makensis resolves $\" and $\t when it reads the script; $$ stays until the installer runs, where NSIS
    // turns it into $. So the compile-time text is the value with its dollars still doubled.
    private static string NsisCompileTimeView(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    private static bool ToolExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {error}{output}");
        return output;
    }
}
