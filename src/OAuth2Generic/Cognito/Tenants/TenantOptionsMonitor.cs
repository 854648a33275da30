using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The options monitor a <see cref="CognitoHandler"/> is made with: the application's, until the handler has found the
/// request's tenant; then that tenant's options, which the framework's handler reads when it is initialized again.
/// </summary>
/// <remarks>
/// The framework's <c>AuthenticationHandler</c> takes its options from its monitor when it is initialized and lets no one
/// else set them; a handler serves one request, so this monitor is one request's too.
/// </remarks>
/// <param name="inner">The application's monitor.</param>
internal sealed class TenantOptionsMonitor(IOptionsMonitor<CognitoOptions> inner) : IOptionsMonitor<CognitoOptions>
{
    /// <summary>The request's tenant's options, once found.</summary>
    public CognitoOptions? Tenant { get; set; }

    public CognitoOptions CurrentValue => inner.CurrentValue;

    public CognitoOptions Get(string? name) => Tenant ?? inner.Get(name);

    public IDisposable? OnChange(Action<CognitoOptions, string?> listener) => inner.OnChange(listener);
}
