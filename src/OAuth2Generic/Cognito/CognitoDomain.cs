using System.Text.RegularExpressions;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The shapes of Cognito's names: domain prefixes, regions and user pool ids, and the URLs built from them.
/// </summary>
internal static partial class CognitoDomain
{
    /// <summary>
    /// The base URL of the user-pool domain: <see cref="CognitoOptions.Domain"/> itself when it is an http(s) URL, else
    /// <c>https://{prefix}.auth.{region}.amazoncognito.com</c>; null when the options give neither.
    /// </summary>
    public static string? BaseUrl(string? domain, string? region)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        if (IsUrl(domain, out _))
        {
            return domain;
        }

        return IsPrefix(domain) && IsRegion(region) ? $"https://{domain}.auth.{region}.amazoncognito.com" : null;
    }

    /// <summary>The issuer of the user pool's tokens: <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>.</summary>
    public static string? Issuer(string? region, string? userPoolId) =>
        IsRegion(region) && RegionOfUserPool(userPoolId) is { } poolRegion && poolRegion == region
            ? $"https://cognito-idp.{region}.amazonaws.com/{userPoolId}"
            : null;

    /// <summary>
    /// The user pool's issuer in Cognito's other form, or null when <paramref name="issuer"/> is neither form of a pool:
    /// <c>https://issuer-cognito-idp.{region}.amazonaws.com/{user pool id}</c> (the multi-region issuer) for
    /// <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>, and back. <c>aws-jwt-verify</c> 5 accepts both
    /// forms for a pool (awslabs/aws-jwt-verify#282), the region being the pool id's.
    /// </summary>
    public static string? OtherIssuerForm(string? issuer)
    {
        var match = issuer is null ? Match.Empty : IssuerPattern().Match(issuer);
        if (!match.Success || RegionOfUserPool(match.Groups["pool"].Value) != match.Groups["region"].Value)
        {
            return null;
        }

        var other = match.Groups["global"].Success ? "cognito-idp" : "issuer-cognito-idp";
        return $"https://{other}.{match.Groups["region"].Value}.amazonaws.com/{match.Groups["pool"].Value}";
    }

    public static bool IsUrl(string domain, out Uri uri) =>
        Uri.TryCreate(domain, UriKind.Absolute, out uri!) && EndpointUrl.IsHttp(uri);

    // Cognito's rule for a prefix domain: lower-case letters, digits and hyphens, neither first nor last a hyphen.
    public static bool IsPrefix(string domain) => PrefixPattern().IsMatch(domain);

    public static bool IsRegion(string? region) => region is not null && RegionPattern().IsMatch(region);

    /// <summary>The region part of a well-formed user pool id (<c>us-east-1</c> of <c>us-east-1_AbC123</c>), else null.</summary>
    public static string? RegionOfUserPool(string? userPoolId)
    {
        var match = userPoolId is null ? Match.Empty : UserPoolIdPattern().Match(userPoolId);
        return match.Success ? match.Groups["region"].Value : null;
    }

    /// <summary>The region of a prefix domain's host (<c>eu-west-1</c> of <c>myapp.auth.eu-west-1.amazoncognito.com</c>), else null.</summary>
    public static string? RegionOfPrefixDomain(string host)
    {
        var match = PrefixDomainPattern().Match(host);
        return match.Success ? match.Groups["region"].Value : null;
    }

    [GeneratedRegex("^[a-z0-9-]+\\.auth(?:-fips)?\\.(?<region>[a-z0-9-]+)\\.amazoncognito\\.com$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PrefixDomainPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    // us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, cn-north-1.
    [GeneratedRegex("^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})_[0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPoolIdPattern();

    [GeneratedRegex("^https://(?<global>issuer-)?cognito-idp\\.(?<region>[a-z0-9-]+)\\.amazonaws\\.com/(?<pool>[a-z0-9-]+_[0-9A-Za-z]+)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IssuerPattern();
}
