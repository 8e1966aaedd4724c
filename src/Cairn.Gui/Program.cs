using Cairn.Agent;
using Cairn.Generated;
using Cairn.Web.Hosting;

// Thin host: the brand's identity and look in, the web library does the rest.
var product = new ProductIdentity(
    BrandInfo.ProductName,
    BrandInfo.ShortName,
    ThisAssembly.AssemblyInformationalVersion,
    ThisAssembly.GitCommitId,
    BrandInfo.EncryptedValueMarker);
var brand = new WebBrand(product, BrandInfo.ReadLogoPng(), BrandInfo.ReadIcon(), new BrandColors(
    BrandInfo.Colors.Primary, BrandInfo.Colors.Secondary, BrandInfo.Colors.Accent, BrandInfo.Colors.Background, BrandInfo.Colors.Text));
return await GuiLauncher.RunAsync(args, brand, Console.Out, Console.In);
