using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>Source-generated JSON for the users' file and the trigger's claims, so the package stays trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(List<CognitoEmulatorUser>))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
