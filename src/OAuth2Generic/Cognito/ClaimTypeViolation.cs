namespace OAuth2Generic.Cognito;

/// <summary>
/// A claim of a token whose JSON type is not the one its specification gives it (<see cref="CognitoClaimTypeRules"/>):
/// which claim, what it must be and where that is written, and what JSON kind it is. Made of the rules' own words only,
/// never of the claim's value, so that it can go into a log line or an answer's <c>error_description</c>.
/// </summary>
/// <param name="Claim">The claim's name, as the rules spell it.</param>
/// <param name="Expected">What it must be: <c>a string</c>, <c>a finite number</c>, …</param>
/// <param name="Reference">Where that is written: an RFC's section, or Cognito's token shape.</param>
/// <param name="Found">The JSON kind it is: <c>null</c>, <c>a number</c>, <c>an array holding a number</c>, …</param>
internal readonly record struct ClaimTypeViolation(string Claim, string Expected, string Reference, string Found)
{
    /// <summary>The fixed sentence that names the claim and its rule: <c>The token's iat is not a finite number.</c></summary>
    public string Summary(string tokenName) => $"The {tokenName}'s {Claim} is not {Expected}.";

    /// <summary>The details: <c>The token's iat is a string, where a finite number is required (RFC 7519 §4.1.6).</c></summary>
    public string Details(string tokenName) => $"The {tokenName}'s {Claim} is {Found}, where {Expected} is required ({Reference}).";
}
