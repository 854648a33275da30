using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The rules of <see cref="ClientCredentialsOptions"/>, checked at start-up (for the providers' presets too): the token
/// endpoint, the client's credentials, the scopes and the lifetimes. Every message names its option.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class ClientCredentialsOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : ClientCredentialsOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigurationProblems();
        if (string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            problems.Add("TokenEndpoint", options.MissingTokenEndpoint);
        }
        else
        {
            problems.CheckUrl("TokenEndpoint", options.TokenEndpoint);
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            problems.Add("ClientId", "ClientId is required.");
        }
        else
        {
            problems.CheckPlaceholder("ClientId", options.ClientId);
        }

        if (string.IsNullOrEmpty(options.ClientSecret))
        {
            problems.Add("ClientSecret", "ClientSecret is required: a client-credentials client authenticates with its secret.");
        }
        else
        {
            problems.CheckSecretPlaceholder("ClientSecret", options.ClientSecret);
        }

        if (options.AuthScheme is not (ClientAuthScheme.BasicAuth or ClientAuthScheme.RequestBody))
        {
            problems.Add("AuthScheme", $"AuthScheme must be BasicAuth or RequestBody, not {options.AuthScheme}: a client-credentials client authenticates with its secret.");
        }

        if (options.Scope.Any(scope => string.IsNullOrWhiteSpace(scope) || scope.Contains(' ', StringComparison.Ordinal)))
        {
            problems.Add("Scope", "Scope cannot hold an empty scope or one with a space; list each scope on its own.");
        }

        if (options.TokenParams.Keys.Any(key => key is "grant_type" or "scope" or "client_id" or "client_secret"))
        {
            problems.Add("TokenParams", "TokenParams cannot set grant_type, scope, client_id or client_secret; the handler sends them from the other options.");
        }

        if (options.RenewBefore < TimeSpan.Zero || options.DefaultLifetime <= TimeSpan.Zero || options.RenewAfterRefusalInterval < TimeSpan.Zero)
        {
            problems.Add("RenewBefore", "RenewBefore and RenewAfterRefusalInterval cannot be negative, and DefaultLifetime must be positive.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > TimeSpan.FromHours(1))
        {
            problems.Add("RetryDelay", $"RetryDelay must be more than 0 and at most 1 hour; it is {options.RetryDelay}.");
        }
        else if (options.MaxRetryAfter < options.RetryDelay || options.MaxRetryAfter > TimeSpan.FromDays(1))
        {
            problems.Add("MaxRetryAfter", $"MaxRetryAfter must be at least RetryDelay ({options.RetryDelay}) and at most 1 day; it is {options.MaxRetryAfter}.");
        }

        if (options.BackchannelTimeout <= TimeSpan.Zero)
        {
            problems.Add("BackchannelTimeout", "BackchannelTimeout must be positive.");
        }

        problems.CheckMaxResponseSize(options.BackchannelMaxResponseSize);

        return problems.ToResultFor($"The client-credentials client '{name}'");
    }
}
