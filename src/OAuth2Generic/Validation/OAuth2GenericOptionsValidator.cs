using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The cross-field rules of <see cref="OAuth2GenericOptions"/>, checked at start-up (<c>ValidateOnStart</c>) so that a
/// wrong configuration stops the application with every problem listed, each naming its option.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class OAuth2GenericOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : OAuth2GenericOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var client = options.ClientOptions;

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("ClientId is required (configuration key ClientId, client_id or app_id).");
        }

        if (client.AuthScheme != ClientAuthScheme.None && string.IsNullOrEmpty(options.ClientSecret))
        {
            failures.Add(
                $"ClientSecret is required when ClientOptions:AuthScheme is {client.AuthScheme} (configuration key ClientSecret, client_secret or app_secret); a public client sets ClientOptions:AuthScheme to None.");
        }

        if (client.AuthScheme == ClientAuthScheme.None && !options.UsePkce)
        {
            failures.Add("UsePkce must be true when ClientOptions:AuthScheme is None: PKCE is what protects a public client's code.");
        }

        CheckOptionalUrl(failures, "ClientOptions:Site", client.Site);
        // Relative endpoints without a site are reported once, by the option the site comes from (Cognito's Domain).
        var siteMissingElsewhere = options.SiteComesFromAnotherOption && string.IsNullOrWhiteSpace(client.Site);
        CheckEndpoint(failures, "ClientOptions:AuthorizeUrl", "AuthorizationEndpoint", options.AuthorizationEndpoint, client.Site, siteMissingElsewhere);
        CheckEndpoint(failures, "ClientOptions:TokenUrl", "TokenEndpoint", options.TokenEndpoint, client.Site, siteMissingElsewhere);
        CheckEndpoint(failures, "ClientOptions:UserInfoUrl", "UserInformationEndpoint", options.UserInformationEndpoint, client.Site, siteMissingElsewhere);
        CheckOptionalUrl(failures, "RedirectUrl", options.RedirectUrl);

        if (!options.CallbackPath.HasValue)
        {
            failures.Add("CallbackPath is required and must start with '/'.");
        }
        else if (options.CallbackPath == "/")
        {
            // Every request to the site's root would be taken for a callback (a RedirectUrl with no path leads here).
            failures.Add("CallbackPath cannot be '/': give the callback a path of its own (it defaults to RedirectUrl's path, or /signin-{scheme}).");
        }

        CheckNoProtocolParameters(failures, "AuthorizeParams", options.AuthorizeParams.Keys, ProtocolParameters.Authorize);
        CheckNoProtocolParameters(failures, "AdditionalAuthorizationParameters", options.AdditionalAuthorizationParameters.Keys, ProtocolParameters.Authorize);
        CheckNoProtocolParameters(failures, "TokenParams", options.TokenParams.Keys, ProtocolParameters.Token);

        if (options.BackchannelMaxResponseSize < 1)
        {
            failures.Add($"BackchannelMaxResponseSize must be between 1 and {int.MaxValue} bytes.");
        }

        if (FollowsRedirects(options.BackchannelHttpHandler))
        {
            failures.Add(
                "BackchannelHttpHandler follows redirects: set AllowAutoRedirect = false, or the client secret, code or token could be sent on to another host.");
        }

        var tokenParameters = options.AuthTokenParams;
        if (tokenParameters.Mode != AuthTokenMode.Header && string.IsNullOrWhiteSpace(tokenParameters.ParamName))
        {
            failures.Add($"AuthTokenParams:ParamName is required when AuthTokenParams:Mode is {tokenParameters.Mode}.");
        }

        if (tokenParameters.Mode == AuthTokenMode.Header && tokenParameters.HeaderFormat?.Contains("{0}", StringComparison.Ordinal) != true)
        {
            failures.Add("AuthTokenParams:HeaderFormat must contain {0} (or %s in configuration) where the token goes, for example 'Bearer {0}'.");
        }

        if (options.UserResponseStructure.IdPath is null || options.UserResponseStructure.RootPath is null)
        {
            failures.Add("UserResponseStructure:IdPath and UserResponseStructure:RootPath cannot be null.");
        }

        // A second NameIdentifier claim would make the user's identity depend on which one the application reads.
        // Without regard to case, as ClaimsIdentity compares claim types.
        foreach (var key in options.UserResponseStructure.Attributes.Keys.Where(
                     key => string.Equals(key, ClaimTypes.NameIdentifier, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add(
                $"UserResponseStructure:Attributes:{key} cannot be set: the user's id (ClaimTypes.NameIdentifier) comes from UserResponseStructure:IdPath alone.");
        }

        var scheme = string.IsNullOrEmpty(name) ? string.Empty : $"Authentication scheme '{name}': ";
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(failure => scheme + failure));
    }

    // The handler also refuses an answer that came from a redirect, but by then the request has been sent on; this
    // catches the handlers that would do it before the first sign-in. (A whole Backchannel HttpClient cannot be seen into.)
    private static bool FollowsRedirects(HttpMessageHandler? handler)
    {
        while (handler is not null)
        {
            switch (handler)
            {
                case SocketsHttpHandler { AllowAutoRedirect: true }:
                case HttpClientHandler { AllowAutoRedirect: true }:
                    return true;
                case DelegatingHandler delegating:
                    handler = delegating.InnerHandler;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static void CheckNoProtocolParameters(
        List<string> failures, string option, IEnumerable<string> names, IReadOnlySet<string> protocolParameters)
    {
        foreach (var name in names.Where(protocolParameters.Contains))
        {
            failures.Add($"{option}:{name} cannot be set: the handler sends that parameter itself.");
        }
    }

    private static void CheckEndpoint(
        List<string> failures, string option, string endpointOption, string? endpoint, string? site, bool siteMissingElsewhere)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            failures.Add($"{option} (or {endpointOption}) is required.");
        }
        else if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !EndpointUrl.IsHttp(uri))
        {
            if (siteMissingElsewhere)
            {
                return;
            }

            failures.Add(string.IsNullOrWhiteSpace(site)
                ? $"{option} '{endpoint}' is not an absolute http(s) URL, so ClientOptions:Site is required to resolve it."
                : $"{option} '{endpoint}' cannot be resolved against ClientOptions:Site '{site}' to an absolute http(s) URL.");
        }
        else if (!EndpointUrl.IsSecureOrLoopback(uri))
        {
            failures.Add($"{option} resolves to '{uri.AbsoluteUri}', which is not HTTPS; only loopback hosts may use http.");
        }
    }

    private static void CheckOptionalUrl(List<string> failures, string option, string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !EndpointUrl.IsHttp(uri))
        {
            failures.Add($"{option} '{url}' is not an absolute http(s) URL.");
        }
        else if (!EndpointUrl.IsSecureOrLoopback(uri))
        {
            failures.Add($"{option} '{url}' is not HTTPS; only loopback hosts may use http.");
        }
    }
}
