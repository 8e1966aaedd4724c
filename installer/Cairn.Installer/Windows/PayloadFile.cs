namespace Cairn.Installer.Windows;

/// <summary>A file a Windows installer puts under the program folder.</summary>
/// <param name="RelativePath">Where it lands, with '/' separators, e.g. <c>lib/x.dll</c>.</param>
/// <param name="SourcePath">The file on the build machine.</param>
public sealed record PayloadFile(string RelativePath, string SourcePath)
{
    /// <summary>The folder part of <see cref="RelativePath"/>, or "" for the program folder itself.</summary>
    public string Directory => RelativePath.Contains('/') ? RelativePath[..RelativePath.LastIndexOf('/')] : "";

    public string FileName => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];

    public string WindowsRelativePath => RelativePath.Replace('/', '\\');
}
