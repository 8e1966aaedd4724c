using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cairn.Branding.Tests;

/// <summary>Compiles generated C# in memory with Roslyn, so tests check what the compiler really reads.</summary>
internal static class CSharpCompilationHelper
{
    public static Assembly Compile(IEnumerable<string> sources, IEnumerable<(string Name, byte[] Content)>? resources = null)
    {
        var trustedAssemblies = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            sources.Select(source => CSharpSyntaxTree.ParseText(source)),
            trustedAssemblies.Select(path => MetadataReference.CreateFromFile(path)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var manifestResources = (resources ?? []).Select(r => new ResourceDescription(r.Name, () => new MemoryStream(r.Content), isPublic: true));
        var result = compilation.Emit(stream, manifestResources: manifestResources);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, "Generated C# does not compile cleanly:\n" + string.Join("\n", problems));
        return Assembly.Load(stream.ToArray());
    }

    public static object? ConstantOf(Assembly assembly, string typeName, string field) =>
        assembly.GetType(typeName, throwOnError: true)!.GetField(field, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
}
