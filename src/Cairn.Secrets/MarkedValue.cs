namespace Cairn.Secrets;

/// <summary>
/// The <c>marker + payload + marker</c> envelope both Cairn and NPBackup wrap encrypted values in.
/// </summary>
public static class MarkedValue
{
    public static string Wrap(string payload, string marker)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ValidateMarker(marker);
        return marker + payload + marker;
    }

    /// <summary>True when <paramref name="value"/> starts and ends with the marker around a non-empty payload.</summary>
    public static bool IsWrapped(string? value, string marker)
    {
        ValidateMarker(marker);
        return value is not null
            && value.Length > 2 * marker.Length
            && value.StartsWith(marker, StringComparison.Ordinal)
            && value.EndsWith(marker, StringComparison.Ordinal);
    }

    /// <summary>The payload between the markers; <see cref="SecretDecryptionException"/> when the envelope is missing.</summary>
    public static string Unwrap(string value, string marker)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsWrapped(value, marker))
        {
            throw new SecretDecryptionException("The value is not an encrypted value: it is not enclosed in the expected marker.");
        }

        return value[marker.Length..^marker.Length];
    }

    private static void ValidateMarker(string marker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(marker);
    }
}
