using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Web.Agent;
using Cairn.Web.Hosting;

namespace Cairn.Web.Repositories;

/// <summary>
/// Reads the config file (fresh each time: the file may change under us) for what the pages show, as the agent reads
/// it: with the key of its encrypted values. Never writes.
/// </summary>
public sealed class RepoCatalog(WebBrand brand, CairnWebOptions options, IProcessRunner processRunner)
{
    public string EncryptedValueMarker => brand.Product.EncryptedValueMarker;

    /// <summary>The file, its key and the prepared config (nothing saved).</summary>
    public ConfigSession Open() => ConfigSession.Open(options.ConfigFile, options.KeyFile, brand.Product,
        InProcessAgentRunner.CreateContext(TextWriter.Null, TextWriter.Null, processRunner));

    public ConfigLoadResult Load()
    {
        var prepared = Open().Prepared;
        return new ConfigLoadResult(prepared.Config, prepared.Errors);
    }
}
