using System.Runtime.Versioning;

// The tests run the generated installer under a real POSIX shell and check Unix permissions: Linux (or macOS) only.
[assembly: UnsupportedOSPlatform("windows")]
