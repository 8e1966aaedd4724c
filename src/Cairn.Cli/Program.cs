using Cairn.Agent;
using Cairn.Generated;

// Thin host: the brand's identity in, the agent library does the rest.
var product = new ProductIdentity(
    BrandInfo.ProductName,
    BrandInfo.ShortName,
    ThisAssembly.AssemblyInformationalVersion,
    ThisAssembly.GitCommitId,
    BrandInfo.EncryptedValueMarker);
return await AgentApplication.RunAsync(args, product);
