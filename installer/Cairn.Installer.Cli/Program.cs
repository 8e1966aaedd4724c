using Cairn.Installer.CommandLine;

return InstallerCommandLine.Run(args, Console.Out, Console.Error);
