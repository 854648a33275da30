using System.Text.Json.Serialization;

namespace OAuth2Generic;

/// <summary>
/// Source-generated JSON metadata for the few values the package serializes, so no reflection is needed.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class UserResponseJsonContext : JsonSerializerContext;
