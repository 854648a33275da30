namespace OAuth2Generic;

/// <summary>Whom a scheme's id_tokens must be from, the keys that verify them, and how messages name them.</summary>
/// <param name="Issuers">The accepted <c>iss</c> values: the issuer, and for a user pool its other form too.</param>
/// <param name="Keys">The issuer's signing keys, whose <see cref="SigningKeys.Algorithms"/> are the accepted <c>alg</c> values.</param>
/// <param name="IssuerOptions">The options the issuer comes from, for a message: <c>Authority</c>, <c>Issuer, or Region and UserPoolId</c>.</param>
internal sealed record IdTokenIssuer(IReadOnlyList<string> Issuers, SigningKeys Keys, string IssuerOptions);
