using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Service.Control;

/// <summary>
/// The local control channel's protocol: one JSON request line, one JSON response line per connection.
/// Requests carry the token from the service's token file; commands: <c>status</c>, <c>run</c> (repo, operation),
/// <c>cancel</c> (repo, or every job), <c>reload</c>.
/// </summary>
public sealed record ControlRequest(string Token, string Command, string? Repo = null, string? Operation = null);

public sealed record ControlResponse(bool Ok, string? Message = null, JsonElement? Data = null);

public static class ControlProtocol
{
    /// <summary>Longest request line accepted (bytes).</summary>
    public const int MaxLineLength = 64 * 1024;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SocketPath(string stateDirectory) => Path.Combine(stateDirectory, "control", "control.sock");

    public static string TokenPath(string stateDirectory) => Path.Combine(stateDirectory, "control", "token");
}
