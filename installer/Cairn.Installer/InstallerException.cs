namespace Cairn.Installer;

/// <summary>An installer cannot be built from the given inputs; the message says what to fix.</summary>
public sealed class InstallerException(string message, Exception? inner = null) : Exception(message, inner);
