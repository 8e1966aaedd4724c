namespace Cairn.Agent.Config;

/// <summary>What kind of problem a config error is (decides the exit code).</summary>
public enum ConfigErrorKind
{
    Syntax,
    UnknownKey,
    WrongType,
    InvalidValue,
    UnknownGroup,

    /// <summary>A key every repo needs (<c>repo_uri</c>, a password source) set neither in the repo nor its group.</summary>
    MissingKey,

    /// <summary>Not an error (yet): a repo with no password source, reported at load as a located warning; a command then fails on it (exit 1).</summary>
    MissingPassword,

    /// <summary>An encrypted value that cannot be decrypted (no key, wrong key, altered value): exit 12.</summary>
    EncryptedValue,

    /// <summary>The configured key cannot be read or used (file, variable or command named): exit 12.</summary>
    KeyUnusable,

    /// <summary>Not an error: a secret stored in plain text while no key is configured.</summary>
    PlainSecret,
}

/// <summary>One problem found in a config file, printed as <c>file:line:column: key.path: message</c>.</summary>
public sealed record ConfigError(ConfigErrorKind Kind, SourceLocation Location, string KeyPath, string Message)
{
    public override string ToString() =>
        KeyPath.Length == 0 ? $"{Location}: {Shorten(Message)}" : $"{Location}: {Shorten(KeyPath)}: {Shorten(Message)}";

    /// <summary>A hostile file's 1 MiB key or value stays out of a message: at most 300 characters of each part.</summary>
    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 297), "...");
}
