namespace Cairn.Agent.Config;

/// <summary>How scalar texts read as typed values.</summary>
public static class ConfigValues
{
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
