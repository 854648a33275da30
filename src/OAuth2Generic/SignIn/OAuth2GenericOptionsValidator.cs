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
        var problems = new ConfigurationProblems();
        Check(options, problems, siteOption: "ClientOptions:Site");
        CheckOpenIdConnect(options, problems);
        return problems.ToResult(name, options.BoundFromSection);
    }

    // The generic scheme's OpenID Connect rules (a preset with an issuer of its own states its own).
    private static void CheckOpenIdConnect(TOptions options, ConfigurationProblems problems)
    {
        problems.CheckUrl("Authority", options.Authority);
        problems.CheckUrl("MetadataAddress", options.MetadataAddress);
        problems.CheckEndpoints(
            [("EndSessionEndpoint", options.EndSessionEndpoint), ("RevocationEndpoint", options.RevocationEndpoint)], options.ClientOptions.Site, "ClientOptions:Site");
        if (options.SignedOutCallbackPath.HasValue && options.SignedOutCallbackPath == options.CallbackPath)
        {
            problems.Add("SignedOutCallbackPath", "SignedOutCallbackPath must differ from CallbackPath: the provider sends the browser back to each for another reason.");
        }
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            if (!string.IsNullOrWhiteSpace(options.MetadataAddress))
            {
                problems.Add("MetadataAddress", "MetadataAddress needs Authority: the discovery document's issuer must equal it.");
            }

            if (options.UserInformationSource != UserInformationSource.UserInfo)
            {
                problems.Add(
                    "UserInformationSource",
                    $"UserInformationSource {options.UserInformationSource} takes claims from the id_token, which is validated only when Authority is set.");
            }

            return;
        }

        if (!AuthorizeScope.Requested(options).Contains("openid", StringComparer.Ordinal))
        {
            problems.Add("Scope", "Scope must include openid when Authority is set: without it the provider sends no id_token.");
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.AutomaticRefreshInterval <= TimeSpan.Zero || options.ClockSkew < TimeSpan.Zero)
        {
            problems.Add("RefreshInterval", "RefreshInterval and ClockSkew cannot be negative, and AutomaticRefreshInterval must be positive.");
        }
    }

    /// <summary>
    /// The generic handler's rules, which a provider's validator runs too (Cognito's, with the site from its Domain).
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="problems">Where problems are reported.</param>
    /// <param name="siteOption">The option the site comes from. The caller checks it when it is not
    /// <c>ClientOptions:Site</c>; relative endpoints without a site are then that option's problem.</param>
    public static void Check(TOptions options, ConfigurationProblems problems, string siteOption)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var client = options.ClientOptions;

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            problems.Add("ClientId", "ClientId is required (configuration key ClientId, client_id or app_id).");
        }
        else
        {
            problems.CheckPlaceholder("ClientId", options.ClientId, spacesInside: true);
        }

        if (client.AuthScheme != ClientAuthScheme.None && string.IsNullOrEmpty(options.ClientSecret))
        {
            problems.Add(
                "ClientSecret",
                $"ClientSecret is required when ClientOptions:AuthScheme is {client.AuthScheme} (configuration key ClientSecret, client_secret or app_secret); a public client sets ClientOptions:AuthScheme to None.");
        }
        else
        {
            problems.CheckSecretPlaceholder("ClientSecret", options.ClientSecret);
        }

        if (client.AuthScheme == ClientAuthScheme.None && !options.UsePkce)
        {
            problems.Add("UsePkce", "UsePkce must be true when ClientOptions:AuthScheme is None: PKCE is what protects a public client's code.");
        }

        if (siteOption == "ClientOptions:Site")
        {
            problems.CheckUrl(siteOption, client.Site);
        }

        // With an Authority, the endpoints left unset come from the discovery document at the first sign-in.
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            CheckRequired(problems, "ClientOptions:AuthorizeUrl", "AuthorizationEndpoint", options.AuthorizationEndpoint);
            CheckRequired(problems, "ClientOptions:TokenUrl", "TokenEndpoint", options.TokenEndpoint);
            CheckRequired(problems, "ClientOptions:UserInfoUrl", "UserInformationEndpoint", options.UserInformationEndpoint);
        }

        problems.CheckEndpoints(
            [
                ("ClientOptions:AuthorizeUrl", options.AuthorizationEndpoint),
                ("ClientOptions:TokenUrl", options.TokenEndpoint),
                ("ClientOptions:UserInfoUrl", options.UserInformationEndpoint),
            ],
            client.Site,
            siteOption);
        problems.CheckUrl("RedirectUrl", options.RedirectUrl);

        if (!options.CallbackPath.HasValue)
        {
            problems.Add("CallbackPath", "CallbackPath is required and must start with '/'.");
        }
        else if (options.CallbackPath == "/")
        {
            // Every request to the site's root would be taken for a callback (a RedirectUrl with no path leads here).
            problems.Add("CallbackPath", "CallbackPath cannot be '/': give the callback a path of its own (it defaults to RedirectUrl's path, or /signin-{scheme}).");
        }

        CheckNoProtocolParameters(problems, "AuthorizeParams", options.AuthorizeParams.Keys, ProtocolParameters.Authorize);
        CheckNoProtocolParameters(problems, "AdditionalAuthorizationParameters", options.AdditionalAuthorizationParameters.Keys, ProtocolParameters.Authorize);
        CheckNoProtocolParameters(problems, "TokenParams", options.TokenParams.Keys, ProtocolParameters.Token);

        // The body reader holds one byte more than the limit to see that a body is larger, in one array.
        problems.CheckMaxResponseSize(options.BackchannelMaxResponseSize);

        if (FollowsRedirects(options.BackchannelHttpHandler))
        {
            problems.Add(
                "BackchannelHttpHandler",
                "BackchannelHttpHandler follows redirects: set AllowAutoRedirect = false, or the client secret, code or token could be sent on to another host.");
        }

        var tokenParameters = options.AuthTokenParams;
        if (tokenParameters.Mode != AuthTokenMode.Header && string.IsNullOrWhiteSpace(tokenParameters.ParamName))
        {
            problems.Add("AuthTokenParams:ParamName", $"AuthTokenParams:ParamName is required when AuthTokenParams:Mode is {tokenParameters.Mode}.");
        }

        if (tokenParameters.Mode == AuthTokenMode.Header && tokenParameters.HeaderFormat?.Contains("{0}", StringComparison.Ordinal) != true)
        {
            problems.Add("AuthTokenParams:HeaderFormat", "AuthTokenParams:HeaderFormat must contain {0} (or %s in configuration) where the token goes, for example 'Bearer {0}'.");
        }

        if (options.UserResponseStructure.IdPath is null || options.UserResponseStructure.RootPath is null)
        {
            problems.Add("UserResponseStructure", "UserResponseStructure:IdPath and UserResponseStructure:RootPath cannot be null.");
        }

        CheckRefresh(options, problems);

        // A second NameIdentifier claim would make the user's identity depend on which one the application reads.
        // Without regard to case, as ClaimsIdentity compares claim types.
        foreach (var key in options.UserResponseStructure.Attributes.Keys.Where(
                     key => string.Equals(key, ClaimTypes.NameIdentifier, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(
                $"UserResponseStructure:Attributes:{key}",
                $"UserResponseStructure:Attributes:{key} cannot be set: the user's id (ClaimTypes.NameIdentifier) comes from UserResponseStructure:IdPath alone.");
        }
    }

    private static void CheckRefresh(TOptions options, ConfigurationProblems problems)
    {
        if (options.RefreshSavedTokens && !options.SaveTokens)
        {
            problems.Add("RefreshSavedTokens", "RefreshSavedTokens needs SaveTokens = true: the refresh token is read from the tokens saved with the sign-in.");
        }

        if (options.RefreshLeadTime < TimeSpan.Zero || options.RefreshLeadTime > TimeSpan.FromDays(1))
        {
            problems.Add("RefreshLeadTime", $"RefreshLeadTime must be between 0 and 1 day; it is {options.RefreshLeadTime}.");
        }

        if (options.RefreshRetryDelay <= TimeSpan.Zero || options.RefreshRetryDelay > TimeSpan.FromDays(1))
        {
            problems.Add("RefreshRetryDelay", $"RefreshRetryDelay must be more than 0 and at most 1 day; it is {options.RefreshRetryDelay}.");
        }

        if (options.RefreshResultLifetime <= TimeSpan.Zero || options.RefreshResultLifetime > TimeSpan.FromMinutes(10))
        {
            problems.Add("RefreshResultLifetime", $"RefreshResultLifetime must be more than 0 and at most 10 minutes; it is {options.RefreshResultLifetime}.");
        }
    }

    private static void CheckRequired(ConfigurationProblems problems, string option, string endpointOption, string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            problems.Add(option, $"{option} (or {endpointOption}) is required.");
        }
    }

    // The provider backchannel also refuses an answer that came from a redirect, but by then the request has been sent
    // on; this catches the handlers that would do it before the first sign-in. (A whole Backchannel HttpClient cannot
    // be seen into.)
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
        ConfigurationProblems problems, string option, IEnumerable<string> names, IReadOnlySet<string> protocolParameters)
    {
        foreach (var name in names.Where(protocolParameters.Contains))
        {
            problems.Add($"{option}:{name}", $"{option}:{name} cannot be set: the handler sends that parameter itself.");
        }
    }
}
