using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Sets up the user pool's signing keys once an issuer is known. Registered after the framework's post-configuration,
/// so that the keys are fetched through the scheme's backchannel (its handler, timeout and no redirects).
/// </summary>
internal sealed class CognitoSigningKeysPostConfigureOptions : IPostConfigureOptions<CognitoOptions>
{
    public void PostConfigure(string? name, CognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A malformed issuer is left for the validator to report.
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || !EndpointUrl.IsHttp(issuer) || options.Backchannel is null)
        {
            return;
        }

        var retriever = new HttpDocumentRetriever(options.Backchannel)
        {
            // IdentityModel demands https; the package's rule also allows a loopback issuer (tests, the emulator).
            RequireHttps = !EndpointUrl.IsLoopback(issuer),
        };
        options.SigningKeys = new CognitoSigningKeys(
            options.Issuer!.TrimEnd('/') + "/.well-known/jwks.json", retriever, options.AutomaticRefreshInterval, options.RefreshInterval);
    }
}
