using System.Text.Json.Serialization;

namespace OAuth2Generic;

/// <summary>The serializer of what the refresher shares through the distributed cache, generated at build time.</summary>
[JsonSerializable(typeof(SharedRedemption))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class RefreshJsonContext : JsonSerializerContext;
