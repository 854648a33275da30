using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Turns Cognito's settings into the generic handler's: the site and endpoints from <see cref="CognitoOptions.Domain"/>,
/// the issuer from the region and user pool id, and the identity-provider options into authorize parameters.
/// Registered before the generic post-configuration, which then resolves the endpoints against the site.
/// </summary>
/// <param name="signingKeys">The application's signing keys of every user pool, shared with its API schemes.</param>
/// <param name="loggerFactory">For the warning about a scheme that cannot validate id_tokens.</param>
/// <param name="tenants">The tenants of the schemes that have a tenant resolver.</param>
internal sealed class CognitoPostConfigureOptions(SigningKeyCache signingKeys, ILoggerFactory loggerFactory, CognitoTenants tenants) : IPostConfigureOptions<CognitoOptions>
{
    public void PostConfigure(string? name, CognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SharedSigningKeys = signingKeys;
        options.Tenants = tenants;
        if (options.TenantResolver is not null)
        {
            // Each tenant's options are made with its own pool; the scheme's own have none.
            SetIdentityProviderParameters(options);
            return;
        }

        var client = options.ClientOptions;

        // A malformed domain leaves the site unset; the validator names Domain.
        client.Site ??= CognitoDomain.BaseUrl(options.Domain, options.Region);

        // Each endpoint set on its own (in ClientOptions or as the framework's option) is kept.
        if (client.AuthorizeUrl is null && string.IsNullOrEmpty(options.AuthorizationEndpoint))
        {
            client.AuthorizeUrl = CognitoDefaults.AuthorizePath;
        }

        if (client.TokenUrl is null && string.IsNullOrEmpty(options.TokenEndpoint))
        {
            client.TokenUrl = CognitoDefaults.TokenPath;
        }

        if (client.UserInfoUrl is null && string.IsNullOrEmpty(options.UserInformationEndpoint))
        {
            client.UserInfoUrl = CognitoDefaults.UserInfoPath;
        }

        options.LogoutEndpoint = EndpointUrl.ResolveOrKeep(client.Site, options.LogoutEndpoint ?? CognitoDefaults.LogoutPath);
        options.RevocationEndpoint = EndpointUrl.ResolveOrKeep(client.Site, options.RevocationEndpoint ?? CognitoDefaults.RevocationPath);

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            options.Issuer = CognitoDomain.Issuer(options.Region, options.UserPoolId);
        }

        // Allowed (a pool reached through its domain alone signs in), but quietly weaker: said once, when the scheme's
        // options are made at start-up. The modes that need the id_token are refused by the validator instead.
        if (string.IsNullOrWhiteSpace(options.Issuer) && options.UserInformationSource == UserInformationSource.UserInfo)
        {
            loggerFactory.CreateLogger<CognitoHandler>().IdTokenNotValidated(name ?? Options.DefaultName);
        }

        SetIdentityProviderParameters(options);
    }

    // Sent with every sign-in; a challenge's own parameters still override them.
    private static void SetIdentityProviderParameters(CognitoOptions options)
    {
        SetParameter(options, CognitoChallengeProperties.IdentityProviderKey, options.IdentityProvider);
        SetParameter(options, CognitoChallengeProperties.IdpIdentifierKey, options.IdpIdentifier);
        SetParameter(options, CognitoChallengeProperties.LangKey, options.Lang);
        SetParameter(options, CognitoChallengeProperties.LoginHintKey, options.LoginHint);
        SetParameter(options, CognitoChallengeProperties.PromptKey, options.Prompt);
    }

    private static void SetParameter(CognitoOptions options, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            options.AuthorizeParams[name] = value;
        }
    }
}
