using System.Diagnostics;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The generic OAuth 2.0 authorization-code handler, configured like the Ruby <c>omniauth-oauth2-generic</c> strategy.
/// State, correlation, PKCE storage, events and token saving come from <see cref="OAuthHandler{TOptions}"/>; this class
/// adds the Ruby strategy's endpoints, parameters, client authentication and user-response mapping, and turns every
/// provider failure into an <see cref="OAuth2GenericException"/> that names the step.
/// </summary>
/// <typeparam name="TOptions">The options type, <see cref="OAuth2GenericOptions"/> or one derived from it.</typeparam>
public partial class OAuth2GenericHandler<TOptions> : OAuthHandler<TOptions>, IRefreshingHandler
    where TOptions : OAuth2GenericOptions, new()
{
    // What ValidateCorrelationId found when it failed (a reason), and when this sign-in's challenge was; both for this
    // request only: a handler serves one request.
    private string? _correlationFailure;
    private DateTimeOffset? _challengedAt;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The options monitor.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    public OAuth2GenericHandler(IOptionsMonitor<TOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <summary>
    /// Builds the authorize URL: <c>response_type</c>, <c>client_id</c>, <c>redirect_uri</c> (or
    /// <see cref="OAuth2GenericOptions.RedirectUrl"/>), the scope, <see cref="OAuthOptions.AdditionalAuthorizationParameters"/>,
    /// <see cref="OAuth2GenericOptions.AuthorizeParams"/>, the challenge's own parameters, PKCE and the protected state,
    /// each parameter once.
    /// </summary>
    /// <param name="properties">The challenge's properties; string values of
    /// <see cref="AuthenticationProperties.Parameters"/> are sent as authorize parameters, and an empty string withdraws
    /// a parameter that the options would send.</param>
    /// <param name="redirectUri">The redirect URI built from the current request and the callback path.</param>
    /// <returns>The authorize URL.</returns>
    /// <exception cref="InvalidOperationException">A challenge parameter names a parameter the handler owns.</exception>
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        ArgumentNullException.ThrowIfNull(properties);

        var request = AuthorizeRequest.ForChallenge(Options, properties, Options.RedirectUrl ?? redirectUri, FormatScope(), FormatScope);
        AddNonce(request, properties);
        AddOwnAuthorizeParameters(request, properties);

        if (Options.UsePkce)
        {
            request.AddPkceChallenge(properties);
        }

        SignInDeadline.Write(properties, TimeProvider.GetUtcNow() + Options.RemoteAuthenticationTimeout);
        request["state"] = Options.StateDataFormat.Protect(properties);

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.AuthorizationRedirect(EndpointUrl.HostOf(request.Endpoint));
        }

        return request.ToUrl();
    }

    /// <summary>
    /// Handles a request to the callback path. A failed sign-in that no <c>OnRemoteFailure</c> handler took care of is
    /// answered here, with no principal: 400 Bad Request when the callback itself was wrong (a missing, invalid or
    /// expired state, a lost correlation cookie, no code), 403 Forbidden when the user denied access, and 502 Bad
    /// Gateway when the provider failed (an error it sent, or its token, user-info or id_token answers). The body is a
    /// short sentence with no detail. The framework would throw instead, and every bot that calls the callback with
    /// garbage would become a 500 and an error in the logs.
    /// </summary>
    /// <returns>Whether the request was handled.</returns>
    public override async Task<bool> HandleRequestAsync()
    {
        if (Options.SignedOutCallbackPath.HasValue && Options.SignedOutCallbackPath == Request.Path)
        {
            return HandleSignedOutCallback();
        }

        try
        {
            return await base.HandleRequestAsync();
        }
        catch (AuthenticationFailureException exception)
            when (!Response.HasStarted && exception.InnerException is OAuth2GenericException or AuthenticationFailureException)
        {
            // Anything else (an exception from the application's own event handler, say) is the application's bug,
            // and stays an exception for its error handling.
            await CallbackFailures.AnswerUnhandledAsync(exception.InnerException, Response, Logger);
            return true;
        }
    }

    /// <summary>
    /// Handles the callback through the framework (state, correlation, provider error, code exchange, ticket). Every
    /// failure ends as an <see cref="OAuth2GenericException"/> that names the step and its
    /// <see cref="OAuth2GenericException.Reason"/>: the framework's own checks of the callback (state, correlation,
    /// code) at <see cref="FailureStep.Callback"/>, with a message that says which check failed and why it usually does.
    /// The callback is a span of the package's activity source and a point of its metrics when anyone listens.
    /// </summary>
    /// <returns>The result of the remote authentication.</returns>
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        var metrics = Options.Metrics is { CallbacksEnabled: true } listened ? listened : null;
        var started = metrics is null ? 0 : Stopwatch.GetTimestamp();
        using var activity = OAuth2GenericActivities.StartCallback(Scheme.Name);
        var result = await AuthenticateCallbackAsync();
        if (activity is not null || metrics is not null)
        {
            SignInTelemetry.RecordCallback(
                result, activity, metrics, Scheme.Name, started, _challengedAt is { } challengedAt ? TimeProvider.GetUtcNow() - challengedAt : null);
        }

        return result;
    }

    /// <summary>
    /// Checks the correlation cookie as the framework does, and when it fails remembers which of its checks did: the
    /// framework says "Correlation failed." for a cookie the browser did not send and for one that does not match.
    /// </summary>
    /// <param name="properties">The state's properties.</param>
    /// <returns>Whether the correlation cookie matches the state.</returns>
    protected override bool ValidateCorrelationId(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);

        // Read before the framework's check, which takes the id out of the properties.
        var correlationId = CallbackFailures.CorrelationIdOf(properties);
        if (base.ValidateCorrelationId(properties))
        {
            return true;
        }

        _correlationFailure = CallbackFailures.CorrelationFailure(correlationId, Request, Options);
        return false;
    }

    private async Task<HandleRequestResult> AuthenticateCallbackAsync()
    {
        if (CallbackFailures.RepeatedParameter(Request.Query) is { } repeated)
        {
            Logger.SignInFailed(repeated);
            return HandleRequestResult.Fail(repeated);
        }

        HandleRequestResult result;
        try
        {
            result = await base.HandleRemoteAuthenticateAsync();
        }
        catch (TicketCreationFailure ticketFailure)
        {
            // Raised while creating the ticket (user info, mapping): fail with the request's properties, as the
            // framework does for token errors, so that RemoteFailure handlers see the return URL.
            Logger.SignInFailed(ticketFailure.Failure);
            return HandleRequestResult.Fail(ticketFailure.Failure, ticketFailure.Properties);
        }

        if (result.Failure is not (null or OAuth2GenericException)
            && await CallbackFailures.ExplainAsync(result.Failure, Context, Options, result.Properties, _correlationFailure) is { } explained)
        {
            Logger.SignInFailed(explained);
            return HandleRequestResult.Fail(explained, result.Properties);
        }

        return result;
    }

    /// <summary>
    /// Exchanges the code at the token endpoint with the configured client authentication, the PKCE verifier,
    /// <see cref="OAuth2GenericOptions.TokenParams"/> and the same redirect_uri as the authorize request.
    /// </summary>
    /// <param name="context">The code and the request's properties.</param>
    /// <returns>The tokens, or a failure whose error is an <see cref="OAuth2GenericException"/>.</returns>
    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Checked before the code goes anywhere. Taken out of the properties, so that it does not end up in the cookie.
        var deadline = SignInDeadline.Take(context.Properties);
        _challengedAt = deadline - Options.RemoteAuthenticationTimeout;
        if (SignInDeadline.Expired(deadline, Options.RemoteAuthenticationTimeout, TimeProvider.GetUtcNow()) is { } expired)
        {
            Logger.SignInFailed(expired);
            return OAuthTokenResponse.Failed(expired);
        }

        // RFC 7636 §4.5. The verifier leaves the properties so it is not stored in the authentication cookie.
        context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var codeVerifier);
        try
        {
            // The callback may reach a server that has not read the provider's document yet.
            await Options.DiscoverAsync(TimeProvider, Logger, Context.RequestAborted);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.SignInFailed(exception);
            return OAuthTokenResponse.Failed(exception);
        }

        var tokens = Options.TokenClient;
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.TokenRequest(EndpointUrl.HostOf(tokens.TokenEndpoint), tokens.AuthScheme);
        }

        try
        {
            return await tokens.RequestTokenAsync(
                new AuthorizationCodeGrant(context.Code, Options.RedirectUrl ?? context.RedirectUri, codeVerifier), Logger, Context.RequestAborted);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.SignInFailed(exception);
            return OAuthTokenResponse.Failed(exception);
        }
    }

    /// <summary>
    /// Fetches the user document, maps it to claims by <see cref="OAuth2GenericOptions.UserResponseStructure"/>, runs
    /// <see cref="OAuthOptions.ClaimActions"/> and then the <c>OnCreatingTicket</c> event.
    /// </summary>
    /// <param name="identity">The identity to add claims to.</param>
    /// <param name="properties">The request's properties.</param>
    /// <param name="tokens">The tokens from the token endpoint.</param>
    /// <returns>The ticket.</returns>
    protected override async Task<AuthenticationTicket> CreateTicketAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(tokens);

        JsonDocument user;
        try
        {
            user = await MapUserAsync(identity, properties, tokens, atRefresh: false);
        }
        catch (OAuth2GenericException exception)
        {
            throw new TicketCreationFailure(exception, properties);
        }

        using (user)
        {
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Logger.UserMapped(identity.Claims.Count());
            }

            OAuthCreatingTicketContext context;
            try
            {
                context = RunClaimActions(identity, properties, tokens, user.RootElement);
            }
            catch (OAuth2GenericException exception)
            {
                throw new TicketCreationFailure(exception, properties);
            }

            await Events.CreatingTicket(context);
            return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
        }
    }

    /// <summary>
    /// Adds the parameters a derived handler owns to the authorize request, after every other source, so that they
    /// cannot be overridden (the Cognito handler's <c>nonce</c>).
    /// </summary>
    private protected virtual void AddOwnAuthorizeParameters(AuthorizeRequest request, AuthenticationProperties properties)
    {
    }
}
