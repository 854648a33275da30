namespace OAuth2Generic;

/// <summary>A client-credentials token as the distributed cache stores it, before Data Protection protects it.</summary>
/// <param name="Token">The access token.</param>
/// <param name="RenewAt">When it is due for renewal, in Unix milliseconds.</param>
internal sealed record SharedToken(string Token, long RenewAt);
