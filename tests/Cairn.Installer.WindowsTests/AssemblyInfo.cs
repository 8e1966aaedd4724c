using System.Runtime.Versioning;

// Windows installers are installed under Wine here: a Linux (or macOS) test project.
[assembly: UnsupportedOSPlatform("windows")]
