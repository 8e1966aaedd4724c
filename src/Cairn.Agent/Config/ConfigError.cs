namespace Cairn.Agent.Config;

/// <summary>What kind of problem a config error is (decides the exit code).</summary>
public enum ConfigErrorKind
{
    Syntax,
    UnknownKey,
    WrongType,
    InvalidValue,
    UnknownGroup,
    EncryptedValue,
}

/// <summary>One problem found in a config file, printed as <c>file:line:column: key.path: message</c>.</summary>
public sealed record ConfigError(ConfigErrorKind Kind, SourceLocation Location, string KeyPath, string Message)
{
    public override string ToString() =>
        KeyPath.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {KeyPath}: {Message}";
}
