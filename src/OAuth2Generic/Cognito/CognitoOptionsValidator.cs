using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Cognito's own rules, checked at start-up next to the generic ones: the domain, region and user pool id, and what
/// id_token validation and sign-out need. Every message names its option.
/// </summary>
internal sealed class CognitoOptionsValidator : IValidateOptions<CognitoOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        CheckDomain(failures, options);

        if (!string.IsNullOrWhiteSpace(options.Region) && !CognitoDomain.IsRegion(options.Region))
        {
            failures.Add($"Region '{options.Region}' is not an AWS region name such as us-east-1.");
        }

        if (!string.IsNullOrWhiteSpace(options.UserPoolId))
        {
            CheckUserPoolId(failures, options);
        }

        if (!string.IsNullOrWhiteSpace(options.Issuer)
            && (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || !EndpointUrl.IsHttp(issuer) || !EndpointUrl.IsSecureOrLoopback(issuer)))
        {
            failures.Add($"Issuer '{options.Issuer}' is not an absolute https URL (http only on a loopback host).");
        }

        if (options.UserInformationSource != UserInformationSource.UserInfo && !options.ValidatesIdToken)
        {
            failures.Add(
                $"UserInformationSource {options.UserInformationSource} takes claims from the id_token, which is validated only when Region and UserPoolId (or Issuer) are set.");
        }

        if (options.ValidatesIdToken && !RequestsOpenIdScope(options))
        {
            failures.Add("Scope must include openid when the id_token is validated (Region and UserPoolId, or Issuer, are set): without it Cognito sends no id_token.");
        }

        CheckUrl(failures, "LogoutEndpoint", options.LogoutEndpoint, options.ClientOptions.Site);
        CheckUrl(failures, "RevocationEndpoint", options.RevocationEndpoint, options.ClientOptions.Site);

        var signedOut = options.SignedOutRedirectUri;
        if (string.IsNullOrWhiteSpace(signedOut)
            || (!EndpointUrl.IsLocalPath(signedOut) && !(Uri.TryCreate(signedOut, UriKind.Absolute, out var signedOutUri) && EndpointUrl.IsHttp(signedOutUri))))
        {
            failures.Add($"SignedOutRedirectUri '{signedOut}' must be a path starting with '/' or an absolute http(s) URL registered as a sign-out URL.");
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.AutomaticRefreshInterval <= TimeSpan.Zero || options.ClockSkew < TimeSpan.Zero)
        {
            failures.Add("RefreshInterval and ClockSkew cannot be negative, and AutomaticRefreshInterval must be positive.");
        }

        var scheme = string.IsNullOrEmpty(name) ? string.Empty : $"Authentication scheme '{name}': ";
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(failure => scheme + failure));
    }

    private static void CheckDomain(List<string> failures, CognitoOptions options)
    {
        var domain = options.Domain;
        if (string.IsNullOrWhiteSpace(domain))
        {
            if (string.IsNullOrWhiteSpace(options.ClientOptions.Site))
            {
                failures.Add(
                    "Domain is required: the user pool's domain as a URL (https://{prefix}.auth.{region}.amazoncognito.com, or a custom domain's https URL), or just its prefix together with Region.");
            }

            return;
        }

        if (CognitoDomain.IsUrl(domain, out var uri))
        {
            if (!EndpointUrl.IsSecureOrLoopback(uri))
            {
                failures.Add($"Domain '{domain}' is not HTTPS; only loopback hosts may use http.");
            }
            else if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                failures.Add($"Domain '{domain}' cannot have a path, a query or a fragment: Cognito serves its endpoints at the domain's root.");
            }
            else if (CognitoDomain.RegionOfPrefixDomain(uri.Host) is { } domainRegion)
            {
                CheckSameRegion(failures, $"Domain '{domain}' is in", domainRegion, options);
            }
        }
        else if (!CognitoDomain.IsPrefix(domain))
        {
            failures.Add(
                $"Domain '{domain}' is neither an absolute https URL nor a domain prefix (lower-case letters, digits and hyphens); write a custom domain as https://{domain.TrimEnd('/')}.");
        }
        else if (string.IsNullOrWhiteSpace(options.Region))
        {
            var suggestion = CognitoDomain.RegionOfUserPool(options.UserPoolId) is { } region ? $" (UserPoolId suggests '{region}')" : string.Empty;
            failures.Add($"Region is required when Domain is a prefix ('{domain}'): the domain is https://{domain}.auth.{{Region}}.amazoncognito.com{suggestion}.");
        }
    }

    // A prefix domain names its region; Region and the user pool id must agree with it, or the issuer cannot match.
    private static void CheckSameRegion(List<string> failures, string subject, string region, CognitoOptions options)
    {
        if (CognitoDomain.IsRegion(options.Region) && options.Region != region)
        {
            failures.Add($"{subject} '{region}', but Region is '{options.Region}'.");
        }
        else if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is { } poolRegion && poolRegion != region)
        {
            failures.Add($"{subject} '{region}', but UserPoolId '{options.UserPoolId}' is in '{poolRegion}'.");
        }
    }

    private static void CheckUserPoolId(List<string> failures, CognitoOptions options)
    {
        if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is not { } poolRegion)
        {
            failures.Add($"UserPoolId '{options.UserPoolId}' is not a user pool id, which looks like {{region}}_{{id}}, for example us-east-1_AbC123xyz.");
        }
        else if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add($"Region is required with UserPoolId: set it to '{poolRegion}', the region the user pool id starts with.");
        }
        else if (CognitoDomain.IsRegion(options.Region) && poolRegion != options.Region)
        {
            failures.Add($"Region '{options.Region}' disagrees with UserPoolId '{options.UserPoolId}', which is in '{poolRegion}'.");
        }
    }

    // The scope the authorize request sends, by the handler's own rule.
    private static bool RequestsOpenIdScope(CognitoOptions options) =>
        AuthorizeScope.Requested(options).Contains("openid", StringComparer.Ordinal);

    private static void CheckUrl(List<string> failures, string option, string? url, string? site)
    {
        // Without a site, relative endpoints stay relative and the domain's own message explains why.
        var isHttpUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && EndpointUrl.IsHttp(uri);
        if (string.IsNullOrEmpty(url) || (string.IsNullOrWhiteSpace(site) && !isHttpUrl))
        {
            return;
        }

        if (!isHttpUrl)
        {
            failures.Add($"{option} '{url}' is not an absolute http(s) URL.");
        }
        else if (!EndpointUrl.IsSecureOrLoopback(uri!))
        {
            failures.Add($"{option} resolves to '{uri!.AbsoluteUri}', which is not HTTPS; only loopback hosts may use http.");
        }
    }
}
