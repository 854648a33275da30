namespace OAuth2Generic.Tests;

/// <summary>
/// A verifier's verdict on one token of the differential test: accepted, or refused and why, in the verifier's own words
/// (for the test's failure message only).
/// </summary>
internal sealed record TokenVerdict(string Name, bool Accepted, string Reason);
