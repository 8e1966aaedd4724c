namespace Cairn.Agent.Keys;

/// <summary>
/// Where a new repository password comes from: a file (<c>--new-password-file</c>, trailing line breaks ignored), an
/// environment variable (<c>--new-password-env NAME</c>), or a prompt on the terminal. Never an argument.
/// </summary>
public sealed record NewPasswordSource(string? File, string? EnvironmentVariable)
{
    /// <summary>The password, or the reason it cannot be used (empty, missing file, several lines...).</summary>
    public (string? Password, string? Error) Read(AgentContext context)
    {
        if (File is not null && EnvironmentVariable is not null)
        {
            return (null, "give --new-password-file or --new-password-env, not both");
        }
        string? password;
        string origin;
        if (File is not null)
        {
            origin = $"password file {File}";
            try
            {
                password = System.IO.File.ReadAllText(File).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"cannot read the {origin}: {ex.Message}");
            }
        }
        else if (EnvironmentVariable is not null)
        {
            origin = $"environment variable {EnvironmentVariable}";
            password = context.GetEnvironmentVariable(EnvironmentVariable);
            if (password is null)
            {
                return (null, $"the {origin} is not set");
            }
        }
        else
        {
            origin = "prompt";
            password = context.PromptSecret?.Invoke("New repository password: ");
            if (password is null)
            {
                return (null, "no new password: give --new-password-file FILE or --new-password-env NAME (no terminal to ask on)");
            }
            if (context.PromptSecret!("Repeat the new password: ") != password)
            {
                return (null, "the passwords typed differ");
            }
        }
        return Check(password, origin);
    }

    /// <summary>restic accepts an empty new password and reads only a file's first line: both are refused here.</summary>
    public static (string? Password, string? Error) Check(string password, string origin) =>
        password.Length == 0 ? (null, $"the new password from the {origin} is empty")
        : password.IndexOfAny(['\r', '\n', '\0']) >= 0 ? (null, $"the new password from the {origin} holds a line break or NUL")
        : (password, null);
}
