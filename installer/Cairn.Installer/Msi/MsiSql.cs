namespace Cairn.Installer.Msi;

/// <summary>
/// SQL statements in the dialect msibuild understands. Its parser has no escape for a quote inside a string, so
/// values with one are refused; every value written this way is an id, a short name or a number.
/// </summary>
public static class MsiSql
{
    /// <summary>An INSERT; null values are left out (msibuild has no NULL literal), leaving the column empty.</summary>
    public static string Insert(string table, params (string Column, object? Value)[] values) =>
        InsertNonNull(table, [.. values.Where(v => v.Value is not null)]);

    private static string InsertNonNull(string table, (string Column, object? Value)[] values) =>
        $"INSERT INTO `{table}` ({string.Join(", ", values.Select(v => $"`{v.Column}`"))}) VALUES ({string.Join(", ", values.Select(v => Literal(v.Value)))})";

    public static string Update(string table, string keyColumn, string key, params (string Column, object? Value)[] values) =>
        $"UPDATE `{table}` SET {string.Join(", ", values.Select(v => $"`{v.Column}` = {Literal(v.Value)}"))} WHERE `{keyColumn}` = {Literal(key)}";

    /// <summary>Schedules a standard or custom action in InstallExecuteSequence at an explicit number.</summary>
    public static string Schedule(string action, int sequence, string condition = "") =>
        Insert("InstallExecuteSequence", ("Action", action), ("Condition", condition), ("Sequence", sequence));

    /// <exception cref="InstallerException">A string holds a quote or a line break, which msibuild cannot take.</exception>
    public static string Literal(object? value) => value switch
    {
        null => "NULL",
        int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text when text.IndexOfAny(['\'', '\n', '\r']) >= 0 =>
            throw new InstallerException($"msibuild cannot store the value '{text}' (quotes and line breaks have no escape in its SQL)"),
        string text => $"'{text}'",
        _ => throw new ArgumentException($"no MSI SQL literal for {value.GetType().Name}", nameof(value)),
    };
}
