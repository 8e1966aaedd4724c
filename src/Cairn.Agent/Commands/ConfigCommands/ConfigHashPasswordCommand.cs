using Cairn.Agent.Permissions;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// <c>config hash-password</c>: prints the hash to store as a repo's or group's <c>manager_password</c>. The password comes
/// from <c>&lt;SHORT_NAME&gt;_NEW_MANAGER_PASSWORD</c> or is asked twice on the terminal; never from the command line.
/// </summary>
internal static class ConfigHashPasswordCommand
{
    public const string Description = "Print the hash of a new manager password (for manager_password)";

    public static ConfigCommandResult Run(ConfigCommandInput input)
    {
        var variable = ProductEnvironmentVariable.Name(input.Product.ShortName, "NEW_MANAGER_PASSWORD");
        var password = input.Context.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(password))
        {
            password = input.Context.ReadSecret("new manager password: ");
            if (password is not null && input.Context.ReadSecret("again: ") != password)
            {
                return ConfigCommandResult.Fail(AgentExitCode.BadArgument, "the two passwords differ");
            }
        }
        if (string.IsNullOrEmpty(password))
        {
            return ConfigCommandResult.Fail(AgentExitCode.BadArgument, $"no password: set {variable} or run on a terminal");
        }
        if (ManagerPassword.ComplexityProblem(password) is { } problem)
        {
            return ConfigCommandResult.Fail(AgentExitCode.BadArgument, problem);
        }
        var hash = ManagerPassword.Hash(password);
        return new ConfigCommandResult(AgentExitCode.Success, [hash], new { manager_password = hash });
    }
}
