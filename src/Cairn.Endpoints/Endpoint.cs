namespace Cairn.Endpoints;

/// <summary>
/// One endpoint of an <see cref="EndpointList{T}"/>: its place in the order (0 is the primary), a name safe to show
/// (<c>primary</c>, <c>fallback_1</c>, ...; never a credential), and the caller's target (a URI, a connection...).
/// </summary>
public sealed record Endpoint<T>(int Index, string Name, T Target)
{
    public bool IsPrimary => Index == 0;

    /// <summary>The name of the endpoint at <paramref name="index"/>: <c>primary</c>, then <c>fallback_1</c>, <c>fallback_2</c>...</summary>
    public static string NameFor(int index) => index == 0 ? "primary" : $"fallback_{index}";

    public override string ToString() => Name;
}
