namespace Cairn.Agent.Backup;

/// <summary>A source cannot work at all (its tool is not installed, another run holds it): the repo's backup fails with this message.</summary>
public class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
