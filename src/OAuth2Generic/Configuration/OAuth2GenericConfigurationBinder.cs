using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic;

/// <summary>
/// Binds <see cref="OAuth2GenericOptions"/> from configuration in either shape: the options' own PascalCase names, or
/// a GitLab <c>omniauth_providers</c> entry pasted as JSON (<c>app_id</c>, <c>app_secret</c>, <c>args</c> holding the
/// Ruby strategy's snake_case options). Unknown keys such as <c>name</c> or <c>strategy_class</c> are ignored.
/// </summary>
/// <remarks>
/// Explicit code rather than <c>ConfigurationBinder.Bind</c>: the binder ignores a scalar bound to a list (so
/// <c>root_path: "user"</c> would stay empty), appends to lists that have defaults instead of replacing them, binds a
/// one-string <c>scope</c> as no scope at all, and cannot tell a one-key path (relative) from a list (absolute).
/// Explicit code also keeps the package free of reflection for trimming and native AOT.
/// </remarks>
internal static class OAuth2GenericConfigurationBinder
{
    public static void Bind(IConfiguration configuration, OAuth2GenericOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        options.BoundFromSection = configuration as IConfigurationSection;

        // Configuration keys compare without regard to case, so "Scope" also reads "scope"; only names that differ by
        // more than case (client_id, app_id, …) are listed.
        var root = new ConfigurationReader(configuration, configuration.GetSection("args"));

        root.String(value => options.ClientId = value, "ClientId", "client_id", "app_id");
        root.String(value => options.ClientSecret = value, "ClientSecret", "client_secret", "app_secret");
        if (root.Find("Scope") is { } scope)
        {
            BindScope(scope, options.Scope);
        }

        root.String(value => options.RedirectUrl = value, "RedirectUrl", "redirect_url");
        root.Boolean(value => options.UsePkce = value, "UsePkce", "pkce");
        root.Integer(value => options.BackchannelMaxResponseSize = value, "BackchannelMaxResponseSize");
        root.Boolean(value => options.RefreshSavedTokens = value, "RefreshSavedTokens");
        root.TimeSpan(value => options.RefreshLeadTime = value, "RefreshLeadTime");
        root.TimeSpan(value => options.RefreshRetryDelay = value, "RefreshRetryDelay");
        root.TimeSpan(value => options.RefreshResultLifetime = value, "RefreshResultLifetime");
        root.Boolean(value => options.UpdateClaimsOnRefresh = value, "UpdateClaimsOnRefresh");
        root.Dictionary(options.AuthorizeParams, "AuthorizeParams", "authorize_params");
        root.Dictionary(options.TokenParams, "TokenParams", "token_params");

        BindClientOptions(root.Section("ClientOptions", "client_options"), options.ClientOptions);
        BindUserResponseStructure(root.Section("UserResponseStructure", "user_response_structure"), options.UserResponseStructure);
        BindAuthTokenParams(root.Section("AuthTokenParams", "auth_token_params"), options.AuthTokenParams);
        BindFrameworkOptions(root, options);
        BindOpenIdConnect(root, options);
    }

    // The OpenID Connect options under their own names only: the Ruby strategy has none of them.
    private static void BindOpenIdConnect(ConfigurationReader reader, OAuth2GenericOptions options)
    {
        reader.String(value => options.Authority = value, "Authority");
        reader.String(value => options.MetadataAddress = value, "MetadataAddress");
        reader.Enum<UserInformationSource>(value => options.UserInformationSource = value, "UserInformationSource");
        reader.String(value => options.EndSessionEndpoint = value, "EndSessionEndpoint");
        reader.String(value => options.SignedOutCallbackPath = new PathString(value), "SignedOutCallbackPath");
        reader.String(value => options.RevocationEndpoint = value, "RevocationEndpoint");
        reader.Boolean(value => options.RevokeRefreshTokenOnSignOut = value, "RevokeRefreshTokenOnSignOut");
        reader.TimeSpan(value => options.AutomaticRefreshInterval = value, "AutomaticRefreshInterval");
        reader.TimeSpan(value => options.RefreshInterval = value, "RefreshInterval");
        reader.TimeSpan(value => options.ClockSkew = value, "ClockSkew");
    }

    /// <summary>The scheme's display name: <c>DisplayName</c>, else GitLab's <c>label</c>, else the given default.</summary>
    public static string DisplayName(IConfiguration configuration, string fallback) =>
        configuration["DisplayName"] ?? configuration["label"] ?? fallback;

    private static void BindScope(IConfigurationSection section, ICollection<string> scope)
    {
        var values = ConfigurationReader.ReadList(section, out var isSingleValue);
        scope.Clear();
        foreach (var value in values)
        {
            // One string is the Ruby form, "openid profile email" (RFC 6749 §3.3: space-delimited).
            var items = isSingleValue ? value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [value];
            foreach (var item in items)
            {
                scope.Add(item);
            }
        }
    }

    private static void BindClientOptions(ConfigurationReader reader, OAuth2GenericClientOptions client)
    {
        reader.String(value => client.Site = value, "Site");
        reader.String(value => client.AuthorizeUrl = value, "AuthorizeUrl", "authorize_url");
        reader.String(value => client.TokenUrl = value, "TokenUrl", "token_url");
        reader.String(value => client.UserInfoUrl = value, "UserInfoUrl", "user_info_url");
        reader.Enum<ClientAuthScheme>(value => client.AuthScheme = value, "AuthScheme", "auth_scheme");
    }

    private static void BindUserResponseStructure(ConfigurationReader reader, UserResponseStructure structure)
    {
        if (reader.Find("RootPath", "root_path") is { } rootPath)
        {
            // Always from the document root: one string is a one-step path.
            structure.RootPath = UserResponsePath.Absolute(ConfigurationReader.ReadList(rootPath, out _));
        }

        if (reader.Find("IdPath", "id_path") is { } idPath)
        {
            structure.IdPath = ReadPath(idPath);
        }

        if (reader.Find("Attributes") is not { } attributes)
        {
            return;
        }

        // Merged over the ten defaults: an entry replaces one mapping, an empty one removes it, as the Ruby strategy merges user configuration over its defaults.
        foreach (var attribute in attributes.GetChildren())
        {
            BindAttribute(attribute, attribute.Key, structure.Attributes);
        }
    }

    // Microsoft.Extensions.Configuration splits every key at ':', so the attribute "cognito:groups" arrives as a section
    // "cognito" with a child "groups" (and a nested object, or Attributes__cognito__groups in the environment, looks
    // exactly the same). The key is put back together: a section whose children are named continues the key, one
    // whose children are indexes 0, 1, … is a list (an absolute path), and anything else fails as a malformed path.
    private static void BindAttribute(IConfigurationSection section, string key, IDictionary<string, UserResponsePath> attributes)
    {
        var children = section.GetChildren().ToList();
        if (children.Count > 0 && !children.Exists(child => ConfigurationReader.IsListIndex(child.Key)))
        {
            // JSON can give a key a value and longer keys under it too: {"a": "x", "a:b": "y"}.
            if (section.Value is { } value)
            {
                SetOrRemove(value);
            }

            foreach (var child in children)
            {
                BindAttribute(child, key + ConfigurationPath.KeyDelimiter + child.Key, attributes);
            }
        }
        else if (children.Count == 0)
        {
            SetOrRemove(section.Value);
        }
        else
        {
            attributes[key] = ReadPath(section);
        }

        void SetOrRemove(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                attributes.Remove(key);
            }
            else
            {
                attributes[key] = UserResponsePath.Relative(value);
            }
        }
    }

    // One string is relative to the root path; a list is absolute; an empty value is the empty path (the root).
    private static UserResponsePath ReadPath(IConfigurationSection section)
    {
        var steps = ConfigurationReader.ReadList(section, out var isSingleValue);
        return isSingleValue && steps.Count == 1 ? UserResponsePath.Relative(steps[0]) : UserResponsePath.Absolute(steps);
    }

    private static void BindAuthTokenParams(ConfigurationReader reader, AuthTokenParameters parameters)
    {
        reader.Enum<AuthTokenMode>(value => parameters.Mode = value, "Mode");
        reader.String(value => parameters.ParamName = value, "ParamName", "param_name");

        // The Ruby oauth2 gem writes the placeholder as %s.
        reader.String(
            value => parameters.HeaderFormat = value.Replace("%s", "{0}", StringComparison.Ordinal),
            "HeaderFormat",
            "header_format");
    }

    // The properties inherited from OAuthOptions, RemoteAuthenticationOptions and AuthenticationSchemeOptions, each
    // under its own name (those with a Ruby name are bound above).
    private static void BindFrameworkOptions(ConfigurationReader reader, OAuth2GenericOptions options)
    {
        reader.String(value => options.AuthorizationEndpoint = value, "AuthorizationEndpoint");
        reader.String(value => options.TokenEndpoint = value, "TokenEndpoint");
        reader.String(value => options.UserInformationEndpoint = value, "UserInformationEndpoint");
        reader.Dictionary(options.AdditionalAuthorizationParameters, "AdditionalAuthorizationParameters");
        reader.String(value => options.CallbackPath = new PathString(value), "CallbackPath", "callback_path");
        reader.String(value => options.AccessDeniedPath = new PathString(value), "AccessDeniedPath");
        reader.String(value => options.ReturnUrlParameter = value, "ReturnUrlParameter");
        reader.String(value => options.SignInScheme = value, "SignInScheme");
        reader.String(value => options.ClaimsIssuer = value, "ClaimsIssuer");
        reader.Boolean(value => options.SaveTokens = value, "SaveTokens");
        reader.TimeSpan(value => options.BackchannelTimeout = value, "BackchannelTimeout");
        reader.TimeSpan(value => options.RemoteAuthenticationTimeout = value, "RemoteAuthenticationTimeout");
        reader.String(value => options.ForwardDefault = value, "ForwardDefault");
        reader.String(value => options.ForwardAuthenticate = value, "ForwardAuthenticate");
        reader.String(value => options.ForwardChallenge = value, "ForwardChallenge");
        reader.String(value => options.ForwardForbid = value, "ForwardForbid");
        reader.String(value => options.ForwardSignIn = value, "ForwardSignIn");
        reader.String(value => options.ForwardSignOut = value, "ForwardSignOut");

        var cookie = reader.Section("CorrelationCookie");
        var correlation = options.CorrelationCookie;
        cookie.String(value => correlation.Name = value, "Name");
        cookie.String(value => correlation.Path = value, "Path");
        cookie.String(value => correlation.Domain = value, "Domain");
        cookie.Boolean(value => correlation.HttpOnly = value, "HttpOnly");
        cookie.Boolean(value => correlation.IsEssential = value, "IsEssential");
        cookie.Enum<SameSiteMode>(value => correlation.SameSite = value, "SameSite");
        cookie.Enum<Microsoft.AspNetCore.Http.CookieSecurePolicy>(value => correlation.SecurePolicy = value, "SecurePolicy");
        cookie.TimeSpan(value => correlation.MaxAge = value, "MaxAge");
    }
}
