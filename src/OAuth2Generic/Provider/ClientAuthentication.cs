using System.Net.Http.Headers;

namespace OAuth2Generic;

/// <summary>
/// How the client authenticates its requests to the token and revocation endpoints (RFC 6749 §2.3, RFC 7009 §2.1):
/// as <see cref="ClientAuthScheme"/> says, a Basic header, the secret in the form, or (a public client) only its id.
/// </summary>
internal sealed class ClientAuthentication
{
    private readonly ClientAuthScheme _scheme;
    private readonly string _clientId;
    private readonly string _clientSecret;

    // Made once: the credentials do not change for the life of the options that hold them.
    private readonly string? _basicCredentials;

    // The credentials as a provider that decodes and encodes them again without RFC 6749's form-encoding would echo
    // them: never sent, only redacted.
    private readonly string? _plainBasicCredentials;

    public ClientAuthentication(ClientAuthScheme scheme, string clientId, string? clientSecret)
    {
        _scheme = scheme;
        _clientId = clientId;
        _clientSecret = clientSecret ?? string.Empty;
        if (scheme == ClientAuthScheme.BasicAuth)
        {
            _basicCredentials = ClientSecretBasic.Credentials(clientId, _clientSecret);
            _plainBasicCredentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(clientId + ":" + _clientSecret));
        }
    }

    public ClientAuthScheme Scheme => _scheme;

    /// <summary>Authenticates the request: its header or its form, and records the secret it sends for redaction.</summary>
    public void Apply(ProviderRequest request, List<KeyValuePair<string, string>> form)
    {
        switch (_scheme)
        {
            case ClientAuthScheme.BasicAuth:
                request.Message.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials);
                request.Secrets.Add(_clientSecret);
                request.Secrets.Add(_basicCredentials);
                request.Secrets.Add(_plainBasicCredentials);
                break;
            case ClientAuthScheme.RequestBody:
                form.Add(new("client_id", _clientId));
                form.Add(new("client_secret", _clientSecret));
                request.Secrets.Add(_clientSecret);
                break;
            case ClientAuthScheme.None:
                form.Add(new("client_id", _clientId));
                break;
        }
    }
}
