namespace Cairn.Agent;

/// <summary>Entry point of the agent: parses the command line and runs one command.</summary>
public static class AgentApplication
{
    public static Task<int> RunAsync(string[] args, ProductIdentity product, CancellationToken cancellationToken = default)
    {
        if (args.Contains("--version"))
        {
            Console.WriteLine($"{product.ProductName} {product.Version} (commit {product.Commit})");
            return Task.FromResult(0);
        }
        return Task.FromResult(0);
    }
}
