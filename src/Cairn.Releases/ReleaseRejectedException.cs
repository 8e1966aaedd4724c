namespace Cairn.Releases;

/// <summary>A release refused, with the reason as data and a message a person can act on.</summary>
public sealed class ReleaseRejectedException : Exception
{
    public ReleaseRejectedException(ReleaseRejection reason, string message)
        : base(message) => Reason = reason;

    public ReleaseRejectedException(ReleaseRejection reason, string message, Exception inner)
        : base(message, inner) => Reason = reason;

    public ReleaseRejectedException()
    {
    }

    public ReleaseRejectedException(string message)
        : base(message)
    {
    }

    public ReleaseRejectedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ReleaseRejection Reason { get; } = ReleaseRejection.Malformed;
}
