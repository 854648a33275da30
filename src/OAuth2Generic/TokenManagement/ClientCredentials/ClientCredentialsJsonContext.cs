using System.Text.Json.Serialization;

namespace OAuth2Generic;

/// <summary>Source-generated JSON metadata of the shared client-credentials token, so no reflection is needed.</summary>
[JsonSerializable(typeof(SharedToken))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ClientCredentialsJsonContext : JsonSerializerContext;
