namespace Cairn.Installer.Processes;

/// <summary>Runs an external program: the one seam between the builders and the machine, faked in tests.</summary>
public interface IProcessRunner
{
    ProcessResult Run(ProcessRequest request);
}
