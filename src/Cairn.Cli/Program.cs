using Cairn.Agent;
using Cairn.Generated;
using Cairn.Service.Commands;

// Thin host: the brand's identity in, the agent library (with the service's verbs) does the rest.
var product = new ProductIdentity(
    BrandInfo.ProductName,
    BrandInfo.ShortName,
    ThisAssembly.AssemblyInformationalVersion,
    ThisAssembly.GitCommitId,
    BrandInfo.EncryptedValueMarker);
return await AgentApplication.RunAsync(args, product, [new ServiceCommands()]);
