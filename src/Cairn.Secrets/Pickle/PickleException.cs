namespace Cairn.Secrets.Pickle;

/// <summary>
/// The pickle is malformed or uses something <see cref="SafeUnpickler"/> refuses (globals, objects, bytes...).
/// Messages name the opcode and offset, never the data.
/// </summary>
public sealed class PickleException : Exception
{
    public PickleException(string message)
        : base(message)
    {
    }

    public PickleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
