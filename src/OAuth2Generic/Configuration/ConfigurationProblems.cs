using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The problems found in one scheme's options at start-up, each naming its option, reported together in one message:
/// one problem per line, under the scheme's name and the configuration section the options came from.
/// </summary>
internal sealed class ConfigurationProblems
{
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _options = new(StringComparer.Ordinal);

    public int Count => _problems.Count;

    /// <summary>Adds a problem of the option; the text names the option itself.</summary>
    public void Add(string option, string problem)
    {
        _options.Add(option);
        _problems.Add(problem);
    }

    /// <summary>Checks <c>BackchannelMaxResponseSize</c>: the body reader needs one byte more than the limit in one array.</summary>
    public void CheckMaxResponseSize(int maxResponseSize)
    {
        if (maxResponseSize < 1 || maxResponseSize >= BoundedContentReader.LimitBound)
        {
            Add("BackchannelMaxResponseSize", $"BackchannelMaxResponseSize must be between 1 and {BoundedContentReader.LimitBound - 1} bytes.");
        }
    }

    /// <summary>Whether a problem of the option has been reported, which then covers what follows from it.</summary>
    public bool HasProblemWith(string option) => _options.Contains(option);

    /// <summary>
    /// Checks a URL option that must be absolute http(s), and https unless its host is loopback: the one URL rule of
    /// the package's options. An empty value is left to the option's own "is required" rule.
    /// </summary>
    public void CheckUrl(string option, string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || CheckPlaceholder(option, url))
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !EndpointUrl.IsHttp(uri))
        {
            Add(option, $"{option} '{url}' is not an absolute http(s) URL.");
        }
        else if (!EndpointUrl.IsSecureOrLoopback(uri))
        {
            Add(option, $"{option} '{url}' is not HTTPS; only loopback hosts may use http.");
        }
    }

    /// <summary>
    /// Checks endpoints after they were resolved against the site (see <see cref="EndpointUrl.Resolve"/>), by the same
    /// rule as <see cref="CheckUrl"/>. One mistake gives one message, under the option it was made in: relative
    /// endpoints without a site are reported once, as the site's problem, and when the site itself has a problem, the
    /// endpoints on it are not reported again.
    /// </summary>
    /// <param name="endpoints">Each endpoint's option (for example <c>ClientOptions:TokenUrl</c>) and its value as
    /// resolved: absolute, or as configured when it could not be resolved. Empty values are left to the caller.</param>
    /// <param name="site">The site they were resolved against.</param>
    /// <param name="siteOption">The option the site comes from: <c>ClientOptions:Site</c>, or Cognito's <c>Domain</c>.</param>
    public void CheckEndpoints(IEnumerable<(string Option, string? Endpoint)> endpoints, string? site, string siteOption)
    {
        var unresolved = new List<string>();
        foreach (var (option, endpoint) in endpoints)
        {
            if (string.IsNullOrEmpty(endpoint) || CheckPlaceholder(option, endpoint))
            {
                continue;
            }

            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !EndpointUrl.IsHttp(uri))
            {
                if (!HasProblemWith(siteOption))
                {
                    unresolved.Add($"{option} '{endpoint}'");
                }
            }
            else if (!EndpointUrl.IsSecureOrLoopback(uri) && !(HasProblemWith(siteOption) && IsOnSite(uri, site)))
            {
                Add(option, $"{option} resolves to '{uri.AbsoluteUri}', which is not HTTPS; only loopback hosts may use http.");
            }
        }

        if (unresolved.Count > 0)
        {
            var list = string.Join(", ", unresolved);
            var one = unresolved.Count == 1;
            Add(siteOption, string.IsNullOrWhiteSpace(site)
                ? $"{siteOption} is required to resolve {list}, which {(one ? "is not an absolute http(s) URL" : "are not absolute http(s) URLs")}."
                : $"{list} cannot be resolved against {siteOption} '{site}' to {(one ? "an absolute http(s) URL" : "absolute http(s) URLs")}.");
        }
    }

    /// <summary>
    /// Reports a value that is obviously a placeholder left from an example (<c>&lt;app client id&gt;</c>, or
    /// <c>https://&lt;prefix&gt;.auth…</c>), or that has whitespace a value of its kind cannot have.
    /// </summary>
    /// <param name="option">The option.</param>
    /// <param name="value">Its value.</param>
    /// <param name="spacesInside">Whether the value may contain spaces (a client id may, RFC 6749 Appendix A.1); it
    /// may still not start or end with whitespace, which is a copy-and-paste slip.</param>
    /// <returns>Whether the value was reported.</returns>
    public bool CheckPlaceholder(string option, string? value, bool spacesInside = false)
    {
        if (value is null)
        {
            return false;
        }

        var opening = value.IndexOf('<', StringComparison.Ordinal);
        if (opening >= 0 && value.IndexOf('>', opening + 1) > opening)
        {
            Add(option, $"{option} '{value}' is a placeholder (it has angle brackets): put the real value in its place.");
            return true;
        }

        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || (!spacesInside && value.Any(char.IsWhiteSpace))))
        {
            Add(option, $"{option} '{value}' contains whitespace, which it cannot: check for a space or line break copied with it.");
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reports a secret that is obviously a placeholder in angle brackets, without quoting it: a secret is never
    /// written into a message, even one that looks like an example.
    /// </summary>
    public void CheckSecretPlaceholder(string option, string? secret)
    {
        if (secret is { Length: > 1 } && secret.Trim() is ['<', .., '>'])
        {
            Add(option, $"{option} is a placeholder in angle brackets: put the real secret in its place (user secrets or an environment variable).");
        }
    }

    /// <summary>The validation result: success, or one failure whose message lists every problem, one per line.</summary>
    /// <param name="scheme">The scheme's name (the named options' name).</param>
    /// <param name="section">The configuration section the options were bound from, if any.</param>
    public ValidateOptionsResult ToResult(string? scheme, IConfigurationSection? section) =>
        _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Describe(Subject(scheme), section, _problems));

    /// <summary>The result for options that are not a scheme's: <paramref name="subject"/> says whose they are.</summary>
    public ValidateOptionsResult ToResultFor(string subject) =>
        _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Describe(subject, section: null, _problems));

    /// <summary>Throws the failure now, for a problem that cannot wait for validation (see the post-configuration).</summary>
    public static OptionsValidationException Exception<TOptions>(string? scheme, IConfigurationSection? section, string problem) =>
        new(scheme ?? Options.DefaultName, typeof(TOptions), [Describe(Subject(scheme), section, [problem])]);

    private static string Subject(string? scheme) =>
        string.IsNullOrEmpty(scheme) ? "The authentication options" : $"Authentication scheme '{scheme}'";

    private static string Describe(string subject, IConfigurationSection? section, List<string> problems)
    {
        var message = new StringBuilder(subject);
        if (section is not null)
        {
            message.Append(" (configuration section '").Append(section.Path).Append("')");
            if (!section.Exists())
            {
                // The usual cause of "X is required" for every option at once: a misspelt or missing section.
                problems = [$"The configuration section '{section.Path}' is missing or empty: check its name in appsettings.json, user secrets or the environment variables.", .. problems];
            }
        }

        if (problems.Count == 1)
        {
            return message.Append(": ").Append(problems[0]).ToString();
        }

        message.Append(" has ").Append(problems.Count).Append(" configuration problems:");
        foreach (var problem in problems)
        {
            message.Append('\n').Append("- ").Append(problem);
        }

        return message.ToString();
    }

    // The endpoint is on the site's origin, so the site's problem is its problem.
    private static bool IsOnSite(Uri endpoint, string? site) =>
        Uri.TryCreate(site, UriKind.Absolute, out var siteUri)
        && string.Equals(endpoint.Scheme, siteUri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(endpoint.Authority, siteUri.Authority, StringComparison.OrdinalIgnoreCase);
}
