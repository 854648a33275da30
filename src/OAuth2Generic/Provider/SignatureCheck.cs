namespace OAuth2Generic;

/// <summary>What <see cref="JwsSignature.VerifyAsync"/> found.</summary>
internal enum SignatureCheck
{
    /// <summary>A key published under the token's kid (any key, for a token that names none) verified the signature.</summary>
    Verified,

    /// <summary>The issuer publishes no key under the token's kid, even after one more fetch of its keys.</summary>
    KeyNotFound,

    /// <summary>The signature segment is not base64url (its length is one no encoding has).</summary>
    NotBase64Url,

    /// <summary>Keys under the token's kid were tried, before and after one more fetch, and none verified it.</summary>
    DoesNotVerify,
}
