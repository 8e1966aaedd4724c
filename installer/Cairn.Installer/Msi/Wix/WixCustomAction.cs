using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// A deferred <c>CustomAction</c> that runs a command line as LocalSystem in <paramref name="Directory"/>, ignoring its
/// exit code, scheduled in InstallExecuteSequence at <paramref name="Sequence"/> when <paramref name="Condition"/>
/// holds. wixl drops such actions and misplaces unscheduled ones (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixExeCustomAction(string Id, string Directory, string ExeCommand, int Sequence, string Condition)
{
    /// <summary>Custom action type 34 (an exe run in a directory) + 64 (ignore its exit code) + 1024 (deferred) + 2048 (no impersonation).</summary>
    public const int MsiType = 34 + 64 + 1024 + 2048;

    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("CustomAction"),
        new XAttribute("Id", Id),
        new XAttribute("Directory", Directory),
        new XAttribute("ExeCommand", ExeCommand),
        new XAttribute("Execute", "deferred"),
        new XAttribute("Impersonate", "no"),
        new XAttribute("Return", "ignore")));

    /// <summary>The action's line in InstallExecuteSequence, its condition as inner text.</summary>
    public XElement ToSequenceXml() => new(WixXml.Name("Custom"),
        new XAttribute("Action", Id),
        new XAttribute("Sequence", Sequence),
        Condition);
}
