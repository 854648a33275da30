namespace OAuth2Generic.Tests;

/// <summary>A claim as the test app's <c>/me</c> endpoint lists it.</summary>
internal sealed record ClaimRecord(string Type, string Value, string ValueType, string Issuer);
