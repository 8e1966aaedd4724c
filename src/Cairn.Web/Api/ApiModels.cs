using Cairn.Web.Jobs;

namespace Cairn.Web.Api;

public sealed record SessionInfo(string ProductName, string ShortName, string Version, string User, string AntiforgeryToken,
    bool PasswordSet, string ConfigFile, IReadOnlyList<string> RestoreRoots);

public sealed record JobsRequest(JobOperation Operation, IReadOnlyList<string> Repos);

public sealed record RestoreApiRequest(string Snapshot, IReadOnlyList<string>? Paths, string Target);

public sealed record PasswordChange(string? CurrentPassword, string NewPassword);

public sealed record ValidateRequest(string Key, System.Text.Json.JsonElement Value);

public sealed record ApiError(string Error);
