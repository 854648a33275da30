using Microsoft.Extensions.Configuration;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Binds <see cref="CognitoOptions"/> from configuration: everything the generic binder reads (either shape, including a
/// GitLab provider entry), then Cognito's own options under their own names.
/// </summary>
internal static class CognitoConfigurationBinder
{
    public static void Bind(IConfiguration configuration, CognitoOptions options)
    {
        OAuth2GenericConfigurationBinder.Bind(configuration, options);

        var reader = new ConfigurationReader(configuration);
        reader.String(value => options.Domain = value, "Domain");
        reader.String(value => options.Region = value, "Region");
        reader.String(value => options.UserPoolId = value, "UserPoolId");
        reader.String(value => options.Issuer = value, "Issuer");
        reader.String(value => options.IdentityProvider = value, "IdentityProvider");
        reader.String(value => options.IdpIdentifier = value, "IdpIdentifier");
        reader.String(value => options.Lang = value, "Lang");
        reader.String(value => options.LoginHint = value, "LoginHint");
        reader.String(value => options.Prompt = value, "Prompt");
        reader.Boolean(value => options.RequireVerifiedEmail = value, "RequireVerifiedEmail");
        reader.Boolean(value => options.RequireVerifiedPhoneNumber = value, "RequireVerifiedPhoneNumber");
        reader.String(value => options.LogoutEndpoint = value, "LogoutEndpoint");
        reader.String(value => options.SignedOutRedirectUri = value, "SignedOutRedirectUri");
        reader.Integer(value => options.TenantCacheSizeLimit = value, "TenantCacheSizeLimit");
        reader.TimeSpan(value => options.TenantCacheDuration = value, "TenantCacheDuration");
        reader.TimeSpan(value => options.TenantResolverTimeout = value, "TenantResolverTimeout");
        reader.Boolean(value => options.BindCookieToTenant = value, "BindCookieToTenant");
    }
}
