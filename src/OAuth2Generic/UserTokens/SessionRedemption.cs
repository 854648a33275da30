namespace OAuth2Generic;

/// <summary>
/// A request's note of which redemption brought the tokens of its session's cookie (a request feature), read when the
/// session signs out in the same request, to forget that redemption's kept result.
/// </summary>
/// <param name="Key">The redemption's key (a hash; no token).</param>
internal sealed record SessionRedemption(string Key);
