namespace OAuth2Generic.Cognito;

/// <summary>A user pool an API scheme accepts tokens of: its issuer, its app clients and its signing keys.</summary>
/// <param name="Issuer">The issuer without a trailing slash; the claims' issuer.</param>
/// <param name="ClientIds">The app clients whose tokens are accepted.</param>
/// <param name="Keys">The pool's signing keys.</param>
/// <param name="Resolved">The resolver's answer, for <see cref="CognitoPoolResolver.IsAllowed"/>; null for a configured pool.</param>
internal sealed record TrustedUserPool(string Issuer, IReadOnlyCollection<string> ClientIds, SigningKeys Keys, CognitoTrustedPool? Resolved);
