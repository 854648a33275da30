using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The rules of <see cref="TokenHandlerOptions"/>, checked at start-up for every token-attaching <c>HttpClient</c>: each
/// allowed origin is an origin (a scheme, a host and a port, no path), and the behaviour for other origins is one there is.
/// </summary>
/// <typeparam name="TOptions">The handler's options type.</typeparam>
internal sealed class TokenHandlerOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : TokenHandlerOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigurationProblems();
        foreach (var origin in options.AllowedOrigins)
        {
            if (!IsOrigin(origin))
            {
                problems.Add(
                    "AllowedOrigins",
                    $"AllowedOrigins holds '{origin}', which is not an origin: write an http or https scheme, a host and, when it is not the default, a port (https://api.example.com:8443), with no path, query or user name.");
            }
        }

        if (!Enum.IsDefined(options.OtherOrigins))
        {
            problems.Add("OtherOrigins", $"OtherOrigins must be SendWithoutToken or Throw, not {options.OtherOrigins}.");
        }

        return problems.ToResultFor($"The token handler of HttpClient '{name}'");
    }

    private static bool IsOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.AbsolutePath == "/" && url.Query.Length == 0 && url.Fragment.Length == 0 && url.UserInfo.Length == 0;
}
