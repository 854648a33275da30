using System.Net;

namespace OAuth2Generic;

/// <summary>
/// Resolves endpoint URLs against the Ruby strategy's <c>site</c>, and tells which URLs may be plain HTTP.
/// </summary>
internal static class EndpointUrl
{
    /// <summary>
    /// Resolves <paramref name="url"/> the way Faraday does in the Ruby strategy: an absolute URL as it is; otherwise
    /// relative to <paramref name="site"/> treated as a directory (a <c>/</c> appended to its path), then RFC 3986
    /// §5.2 applies, so <c>/x</c> starts at the host root and <c>x</c> goes under the site's path. Plain
    /// <c>new Uri(base, relative)</c> would drop the last segment of a site such as <c>https://h/realms/r</c>.
    /// </summary>
    /// <returns>The absolute URL, or null when it cannot be made absolute.</returns>
    public static string? Resolve(string? site, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && IsHttp(absolute))
        {
            return absolute.AbsoluteUri;
        }

        if (string.IsNullOrWhiteSpace(site)
            || !Uri.TryCreate(site, UriKind.Absolute, out var siteUri)
            || !IsHttp(siteUri)
            || !Uri.TryCreate(url, UriKind.Relative, out var relative))
        {
            return null;
        }

        var directory = new UriBuilder(siteUri) { Query = string.Empty, Fragment = string.Empty };
        if (!directory.Path.EndsWith('/'))
        {
            directory.Path += "/";
        }

        return new Uri(directory.Uri, relative).AbsoluteUri;
    }

    /// <summary>The URL resolved as <see cref="Resolve"/> does, or as it is when it cannot be made absolute (for the validator to report).</summary>
    public static string ResolveOrKeep(string? site, string url) => Resolve(site, url) ?? url;

    /// <summary>The host and port of an absolute URL, for messages and log lines.</summary>
    public static string HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(invalid URL)";

    /// <summary>Whether the URL is absolute http or https.</summary>
    public static bool IsHttp(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// Whether the URL may be used: https anywhere, http only on a loopback host (localhost, 127.0.0.0/8, ::1),
    /// where there is no network to protect.
    /// </summary>
    public static bool IsSecureOrLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// Whether the text is a path on this site: it starts with <c>/</c>, and not with <c>//</c> or <c>/\</c>, which
    /// browsers read as another host.
    /// </summary>
    public static bool IsLocalPath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
