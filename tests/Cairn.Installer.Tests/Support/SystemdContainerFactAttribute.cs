namespace Cairn.Installer.Tests.Support;

/// <summary>A test that boots a <see cref="SystemdContainer"/>: skipped, with the reason printed, where none can boot.</summary>
internal sealed class SystemdContainerFactAttribute : FactAttribute
{
    public SystemdContainerFactAttribute() => Skip = SystemdContainer.Unavailable();
}
