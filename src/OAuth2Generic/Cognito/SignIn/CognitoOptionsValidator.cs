using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The rules of <see cref="CognitoOptions"/>, checked at start-up: Cognito's own (the domain, region and user pool id,
/// and what id_token validation and sign-out need) and the generic handler's, in one report. Every message names its
/// option.
/// </summary>
internal sealed class CognitoOptionsValidator : IValidateOptions<CognitoOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigurationProblems();

        if (options.TenantResolver is null)
        {
            CheckPool(problems, options);
        }
        else
        {
            CheckTenantScheme(problems, options);
        }

        var signedOut = options.SignedOutRedirectUri;
        if (string.IsNullOrWhiteSpace(signedOut)
            || (!EndpointUrl.IsLocalPath(signedOut) && !(Uri.TryCreate(signedOut, UriKind.Absolute, out var signedOutUri) && EndpointUrl.IsHttp(signedOutUri))))
        {
            problems.Add(
                "SignedOutRedirectUri",
                $"SignedOutRedirectUri '{signedOut}' must be a path starting with '/' or an absolute http(s) URL registered as a sign-out URL.");
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.AutomaticRefreshInterval <= TimeSpan.Zero || options.ClockSkew < TimeSpan.Zero)
        {
            problems.Add("RefreshInterval", "RefreshInterval and ClockSkew cannot be negative, and AutomaticRefreshInterval must be positive.");
        }

        return problems.ToResult(name, options.BoundFromSection);
    }

    // The user pool and app client of a scheme of one pool, or of one tenant of a many-tenant scheme.
    private static void CheckPool(ConfigurationProblems problems, CognitoOptions options)
    {
        CheckDomain(problems, options);

        if (!string.IsNullOrWhiteSpace(options.Region) && !problems.CheckPlaceholder("Region", options.Region) && !CognitoDomain.IsRegion(options.Region))
        {
            problems.Add("Region", $"Region '{options.Region}' is not an AWS region name such as us-east-1.");
        }

        if (!string.IsNullOrWhiteSpace(options.UserPoolId) && !problems.CheckPlaceholder("UserPoolId", options.UserPoolId))
        {
            CheckUserPoolId(problems, options);
        }

        problems.CheckUrl("Issuer", options.Issuer);

        // A user pool's endpoints come from Domain and its issuer from Region and UserPoolId; discovery would replace them.
        if (!string.IsNullOrWhiteSpace(options.Authority) || !string.IsNullOrWhiteSpace(options.MetadataAddress))
        {
            problems.Add(
                string.IsNullOrWhiteSpace(options.Authority) ? "MetadataAddress" : "Authority",
                "Authority and MetadataAddress are not used by AddCognito: set Issuer (or Region and UserPoolId) and Domain.");
        }

        if (options.UserInformationSource != UserInformationSource.UserInfo && !options.ValidatesIdToken)
        {
            problems.Add(
                "UserInformationSource",
                $"UserInformationSource {options.UserInformationSource} takes claims from the id_token, which is validated only when Region and UserPoolId (or Issuer) are set.");
        }

        if (options.ValidatesIdToken && !RequestsOpenIdScope(options))
        {
            problems.Add("Scope", "Scope must include openid when the id_token is validated (Region and UserPoolId, or Issuer, are set): without it Cognito sends no id_token.");
        }

        // The generic rules, with the site from Domain unless ClientOptions:Site was set on its own: a wrong or missing
        // Domain is then reported once, as Domain, and not again for each endpoint made from it.
        var siteOption = options.ClientOptions.Site is { } site && site != CognitoDomain.BaseUrl(options.Domain, options.Region)
            ? "ClientOptions:Site"
            : "Domain";
        OAuth2GenericOptionsValidator<CognitoOptions>.Check(options, problems, siteOption);
        problems.CheckEndpoints(
            [("LogoutEndpoint", options.LogoutEndpoint), ("RevocationEndpoint", options.RevocationEndpoint)], options.ClientOptions.Site, siteOption);
    }

    // A scheme whose tenants each bring their pool and client: what it sets itself would be silently replaced.
    private static void CheckTenantScheme(ConfigurationProblems problems, CognitoOptions options)
    {
        foreach (var (option, value) in new[]
        {
            ("Domain", options.Domain), ("Region", options.Region), ("UserPoolId", options.UserPoolId), ("Issuer", options.Issuer),
            ("ClientId", options.ClientId), ("ClientOptions:Site", options.ClientOptions.Site),
        })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                problems.Add(option, $"{option} cannot be set with TenantResolver: each tenant's comes from the resolver's answer (CognitoTenant).");
            }
        }

        if (options.TenantCacheSizeLimit < 1)
        {
            problems.Add("TenantCacheSizeLimit", "TenantCacheSizeLimit must be at least 1: the number of tenants whose settings are kept.");
        }

        if (options.TenantCacheDuration <= TimeSpan.Zero || options.TenantResolverTimeout <= TimeSpan.Zero)
        {
            problems.Add("TenantCacheDuration", "TenantCacheDuration and TenantResolverTimeout must be positive.");
        }
    }

    private static void CheckDomain(ConfigurationProblems problems, CognitoOptions options)
    {
        var domain = options.Domain;
        if (string.IsNullOrWhiteSpace(domain))
        {
            if (string.IsNullOrWhiteSpace(options.ClientOptions.Site))
            {
                problems.Add(
                    "Domain",
                    "Domain is required: the user pool's domain as a URL (https://{prefix}.auth.{region}.amazoncognito.com, or a custom domain's https URL), or just its prefix together with Region.");
            }

            return;
        }

        if (problems.CheckPlaceholder("Domain", domain))
        {
            return;
        }

        if (CognitoDomain.IsUrl(domain, out var uri))
        {
            problems.CheckUrl("Domain", domain);
            if (problems.HasProblemWith("Domain"))
            {
                return;
            }

            if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                problems.Add("Domain", $"Domain '{domain}' cannot have a path, a query or a fragment: Cognito serves its endpoints at the domain's root.");
            }
            else if (CognitoDomain.RegionOfPrefixDomain(uri.Host) is { } domainRegion)
            {
                CheckSameRegion(problems, $"Domain '{domain}' is in", domainRegion, options);
            }
        }
        else if (!CognitoDomain.IsPrefix(domain))
        {
            problems.Add(
                "Domain",
                $"Domain '{domain}' is neither an absolute https URL nor a domain prefix (lower-case letters, digits and hyphens); write a custom domain as https://{domain.TrimEnd('/')}.");
        }
        else if (string.IsNullOrWhiteSpace(options.Region))
        {
            var suggestion = CognitoDomain.RegionOfUserPool(options.UserPoolId) is { } region ? $" (UserPoolId suggests '{region}')" : string.Empty;
            problems.Add("Domain", $"Region is required when Domain is a prefix ('{domain}'): the domain is https://{domain}.auth.{{Region}}.amazoncognito.com{suggestion}.");
        }
    }

    // A prefix domain names its region; Region and the user pool id must agree with it, or the issuer cannot match.
    private static void CheckSameRegion(ConfigurationProblems problems, string subject, string region, CognitoOptions options)
    {
        if (CognitoDomain.IsRegion(options.Region) && options.Region != region)
        {
            problems.Add("Region", $"{subject} '{region}', but Region is '{options.Region}'.");
        }
        else if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is { } poolRegion && poolRegion != region)
        {
            problems.Add("UserPoolId", $"{subject} '{region}', but UserPoolId '{options.UserPoolId}' is in '{poolRegion}'.");
        }
    }

    private static void CheckUserPoolId(ConfigurationProblems problems, CognitoOptions options)
    {
        if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is not { } poolRegion)
        {
            problems.Add("UserPoolId", $"UserPoolId '{options.UserPoolId}' is not a user pool id, which looks like {{region}}_{{id}}, for example us-east-1_AbC123xyz.");
        }
        else if (string.IsNullOrWhiteSpace(options.Region))
        {
            problems.Add("Region", $"Region is required with UserPoolId: set it to '{poolRegion}', the region the user pool id starts with.");
        }
        else if (CognitoDomain.IsRegion(options.Region) && poolRegion != options.Region)
        {
            problems.Add("Region", $"Region '{options.Region}' disagrees with UserPoolId '{options.UserPoolId}', which is in '{poolRegion}'.");
        }
    }

    // The scope the authorize request sends, by the handler's own rule.
    private static bool RequestsOpenIdScope(CognitoOptions options) =>
        AuthorizeScope.Requested(options).Contains("openid", StringComparer.Ordinal);
}
