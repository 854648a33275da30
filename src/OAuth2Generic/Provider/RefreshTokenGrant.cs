namespace OAuth2Generic;

/// <summary>
/// The refresh-token grant (RFC 6749 §6): the saved refresh token, with no scope, so that the provider issues the
/// scopes of the sign-in again.
/// </summary>
/// <param name="refreshToken">The refresh token saved with the sign-in.</param>
internal sealed class RefreshTokenGrant(string refreshToken) : TokenGrant
{
    public override string GrantType => "refresh_token";

    public override FailureStep Step => FailureStep.TokenRefresh;

    public override ProviderCall Call => ProviderCall.Refresh;

    public override void AddTo(List<KeyValuePair<string, string>> form, SentSecrets secrets)
    {
        form.Add(new("refresh_token", refreshToken));
        secrets.Add(refreshToken);
    }
}
