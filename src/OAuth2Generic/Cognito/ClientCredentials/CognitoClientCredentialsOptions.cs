namespace OAuth2Generic.Cognito;

/// <summary>
/// Client-credentials options for a Cognito app client (<c>AddCognitoClientCredentialsToken</c>): the token endpoint is
/// <c>{Domain}/oauth2/token</c>, and Cognito's "Rate exceeded" answer counts as throttling.
/// </summary>
public class CognitoClientCredentialsOptions : ClientCredentialsOptions
{
    /// <summary>
    /// The user pool's domain: a full base URL (<c>https://{prefix}.auth.{region}.amazoncognito.com</c> or a custom
    /// domain), or just the prefix together with <see cref="Region"/>.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>The AWS region of the user pool, for a <see cref="Domain"/> given as a prefix.</summary>
    public string? Region { get; set; }

    /// <inheritdoc />
    internal override string MissingTokenEndpoint =>
        "Domain is required: the user pool's domain as a URL, or its prefix together with Region (the token endpoint is {Domain}/oauth2/token).";

    /// <inheritdoc />
    private protected override Predicate<ProviderAnswer>? ThrottlingAnswer => CognitoThrottling.IsRateExceeded;
}
