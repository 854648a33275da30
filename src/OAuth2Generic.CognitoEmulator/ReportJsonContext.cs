using System.Text.Json.Serialization;

namespace OAuth2Generic.CognitoEmulator;

/// <summary>Source-generated JSON for the strings of the startup report.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
