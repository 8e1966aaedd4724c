namespace Cairn.Agent.ConfigFile;

/// <summary>Replace the characters <c>[Start, End)</c> of the original text by <see cref="Replacement"/>.</summary>
public sealed record TextEdit(int Start, int End, string Replacement, string Reason);

/// <summary>Applies non-overlapping edits, all given as offsets into the same original text.</summary>
public static class TextEdits
{
    public static string Apply(string text, IReadOnlyCollection<TextEdit> edits)
    {
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw new InvalidOperationException(
                    $"overlapping config edits: '{ordered[i - 1].Reason}' and '{ordered[i].Reason}'");
            }
        }
        var builder = new System.Text.StringBuilder(text.Length + 256);
        var position = 0;
        foreach (var edit in ordered)
        {
            builder.Append(text, position, edit.Start - position).Append(edit.Replacement);
            position = edit.End;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }
}
