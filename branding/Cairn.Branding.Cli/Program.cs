using Cairn.Branding.Cli;

return BrandingCommandLine.Run(args, Console.Out, Console.Error);
