namespace OAuth2Generic;

/// <summary>
/// The client-credentials grant (RFC 6749 §4.4.2): the client's own token, for the scopes it asks for; its secret goes
/// with the client authentication, so the grant itself carries none.
/// </summary>
/// <param name="scope">The space-separated scopes, or null to ask for the client's default scopes.</param>
internal sealed class ClientCredentialsGrant(string? scope) : TokenGrant
{
    public override string GrantType => "client_credentials";

    public override FailureStep Step => FailureStep.ClientCredentials;

    public override ProviderCall Call => ProviderCall.ClientCredentials;

    public override void AddTo(List<KeyValuePair<string, string>> form, SentSecrets secrets)
    {
        if (!string.IsNullOrEmpty(scope))
        {
            form.Add(new("scope", scope));
        }
    }
}
