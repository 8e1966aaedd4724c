using System.CommandLine;

namespace Cairn.Agent.Commands;

/// <summary>
/// Adds verbs to the agent's command table from outside the agent library (e.g. the service's <c>service</c> verbs),
/// so the agent never depends on the libraries that contribute. The executable composes them.
/// </summary>
public interface ICommandContributor
{
    void Contribute(CommandContribution contribution);
}

/// <summary>What a contributor gets: the root command to add to, who the product is, its surroundings, and the
/// binder of the global options (<c>--config</c>, <c>--repo</c>, <c>--json</c>...) every verb shares.</summary>
public sealed record CommandContribution(
    RootCommand Root,
    ProductIdentity Product,
    AgentContext Context,
    Func<ParseResult, GlobalOptionValues> BindGlobalOptions);
