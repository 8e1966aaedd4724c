using Cairn.Agent;

namespace Cairn.Web.Hosting;

/// <summary>Interface colours (#RRGGBB), from the brand directory.</summary>
public sealed record BrandColors(string Primary, string Secondary, string Accent, string Background, string Text);

/// <summary>
/// The product's look, handed in by the executable that compiled the code generated from the brand
/// (the web library itself never names a product).
/// </summary>
public sealed record WebBrand(ProductIdentity Product, byte[] LogoPng, byte[] IconIco, BrandColors Colors);
