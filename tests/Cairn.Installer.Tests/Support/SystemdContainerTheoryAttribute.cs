namespace Cairn.Installer.Tests.Support;

/// <summary>A theory that boots a <see cref="SystemdContainer"/>: skipped, with the reason printed, where none can boot.</summary>
internal sealed class SystemdContainerTheoryAttribute : TheoryAttribute
{
    public SystemdContainerTheoryAttribute() => Skip = SystemdContainer.Unavailable();
}
