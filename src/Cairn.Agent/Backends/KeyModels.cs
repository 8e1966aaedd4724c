namespace Cairn.Agent.Backends;

/// <summary>
/// Adds a key opened by <see cref="NewPassword"/> (the repository is opened with the connection's password). The new
/// password reaches the engine only through a private file, never its arguments. Host and user label the key.
/// </summary>
public sealed record KeyAddRequest(RepositoryConnection Repository, string NewPassword, string? Host = null, string? User = null)
{
    public override string ToString() => "KeyAddRequest { *** }";
}

/// <summary>The key an operation created: its id as the engine lists it.</summary>
public sealed record KeyChange(string KeyId);
