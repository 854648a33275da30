namespace OAuth2Generic.Tests;

/// <summary>
/// A token of the differential test against <c>aws-jwt-verify</c>: its name (what is special about it), the verifier it
/// goes to (<c>access</c> or <c>id</c>, by the <c>token_use</c> the API accepts) and the compact token.
/// </summary>
internal sealed record DifferentialToken(string Name, string TokenUse, string Token);
