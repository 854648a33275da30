namespace OAuth2Generic;

/// <summary>A client-credentials access token and when it is to be renewed, as the token cache keeps it.</summary>
/// <param name="AccessToken">The token.</param>
/// <param name="RenewAt">When it is no longer handed out: shortly before its <c>expires_in</c> ran out.</param>
internal sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);
