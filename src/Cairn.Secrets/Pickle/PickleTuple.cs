using System.Collections;

namespace Cairn.Secrets.Pickle;

/// <summary>A Python tuple: a read-only list that stays distinguishable from a Python list.</summary>
public sealed class PickleTuple : IReadOnlyList<object?>
{
    private readonly object?[] items;

    public PickleTuple(IEnumerable<object?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        this.items = items.ToArray();
    }

    public int Count => items.Length;

    public object? this[int index] => items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();
}
