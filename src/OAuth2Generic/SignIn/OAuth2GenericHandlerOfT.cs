using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
public class OAuth2GenericHandler<TOptions> : OAuthHandler<TOptions>, IRefreshingHandler
    where TOptions : OAuth2GenericOptions, new()
{
    // The framework's key of the correlation id in the state's properties (RemoteAuthenticationHandler.CorrelationProperty).
    private const string CorrelationProperty = ".xsrf";

    // What ValidateCorrelationId found when it failed (a reason), and when this sign-in's challenge was; both for this
    // request only: a handler serves one request.
    private string? _correlationFailure;
    private DateTimeOffset? _challengedAt;

    // While refreshed tokens are mapped: the id_token of a refresh answer has no nonce to check.
    private bool _refreshing;

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

        // Later sources replace earlier ones: the authorize URL's own query, the handler's parameters, the framework's
        // AdditionalAuthorizationParameters, AuthorizeParams (whose scope counts only when Scope is left at its
        // default: see AuthorizeScope), then the challenge's own.
        var request = new AuthorizeRequest(Options.AuthorizationEndpoint);
        request["response_type"] = "code";
        request["client_id"] = Options.ClientId;
        request["redirect_uri"] = Options.RedirectUrl ?? redirectUri;
        if (FormatScope() is { Length: > 0 } scope)
        {
            request[OAuthChallengeProperties.ScopeKey] = scope;
        }

        request.SetAll(Options.AdditionalAuthorizationParameters);
        request.SetAll(Options.AuthorizeParams, except: AuthorizeScope.IsFromAuthorizeParams(Options) ? null : OAuthChallengeProperties.ScopeKey);
        request.ApplyChallengeParameters(properties.Parameters, FormatScope);
        AddOwnAuthorizeParameters(request, properties);

        if (Options.UsePkce)
        {
            // RFC 7636 §4.1-4.2: a 256-bit verifier, kept in the protected state for the token request.
            var codeVerifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            properties.Items[OAuthConstants.CodeVerifierKey] = codeVerifier;
            request[OAuthConstants.CodeChallengeKey] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
            request[OAuthConstants.CodeChallengeMethodKey] = OAuthConstants.CodeChallengeMethodS256;
        }

        SignInDeadline.Write(properties, TimeProvider.GetUtcNow() + Options.RemoteAuthenticationTimeout);
        request["state"] = Options.StateDataFormat.Protect(properties);

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.AuthorizationRedirect(EndpointUrl.HostOf(request.Endpoint));
        }

        return request.ToUrl();
    }

    /// <summary>The challenge, as a span of the package's activity source when anyone listens.</summary>
    /// <param name="properties">The challenge's properties.</param>
    /// <returns>The redirect to the authorization endpoint.</returns>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var activity = OAuth2GenericActivities.StartChallenge(Scheme.Name, Options);
        if (activity is null)
        {
            return base.HandleChallengeAsync(properties);
        }

        // The framework's challenge completes synchronously unless an event handler awaits something: the span then
        // ends here, without an async frame of its own.
        Task challenge;
        try
        {
            challenge = base.HandleChallengeAsync(properties);
        }
        catch
        {
            activity.Dispose();
            throw;
        }

        if (challenge.IsCompleted)
        {
            activity.Dispose();
            return challenge;
        }

        return EndWhenDone(challenge, activity);

        static async Task EndWhenDone(Task challenge, Activity activity)
        {
            using (activity)
            {
                await challenge;
            }
        }
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
        try
        {
            return await base.HandleRequestAsync();
        }
        catch (AuthenticationFailureException exception)
            when (!Response.HasStarted && exception.InnerException is OAuth2GenericException or AuthenticationFailureException)
        {
            // Anything else (an exception from the application's own event handler, say) is the application's bug,
            // and stays an exception for its error handling.
            var (status, text) = exception.InnerException switch
            {
                OAuth2GenericException { Step: FailureStep.Authorization, Error: "access_denied" } =>
                    (StatusCodes.Status403Forbidden, "Sign-in was cancelled or access was denied."),
                OAuth2GenericException { Step: FailureStep.Callback } =>
                    (StatusCodes.Status400BadRequest, "Sign-in failed: the sign-in request was invalid or has expired. Please start again."),
                OAuth2GenericException =>
                    (StatusCodes.Status502BadGateway, "Sign-in failed: the identity provider could not complete it. Please try again."),
                _ => (StatusCodes.Status400BadRequest, "Sign-in failed: the sign-in request was invalid or has expired. Please start again."),
            };
            Logger.UnhandledFailureAnswered(status);
            Response.StatusCode = status;
            Response.ContentType = "text/plain; charset=utf-8";
            await Response.WriteAsync(text, Context.RequestAborted);
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
            RecordCallback(result, activity, metrics, started);
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
        properties.Items.TryGetValue(CorrelationProperty, out var correlationId);
        if (base.ValidateCorrelationId(properties))
        {
            return true;
        }

        _correlationFailure = !string.IsNullOrEmpty(correlationId) && Request.Cookies.ContainsKey(Options.CorrelationCookie.Name + correlationId)
            ? OAuth2GenericFailureReasons.CorrelationInvalid
            : OAuth2GenericFailureReasons.CorrelationCookieMissing;
        return false;
    }

    private async Task<HandleRequestResult> AuthenticateCallbackAsync()
    {
        // RFC 6749 §3.1: a parameter is never sent twice. The framework would join the values with a comma, and send
        // "a,b" to the token endpoint as the code.
        foreach (var name in ProtocolParameters.Callback)
        {
            if (Request.Query[name].Count > 1)
            {
                var repeated = new OAuth2GenericException(FailureStep.Callback, $"The callback repeats the parameter '{name}'.");
                Logger.SignInFailed(repeated);
                return HandleRequestResult.Fail(repeated);
            }
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

        // The framework reports a provider's error (RFC 6749 §4.1.2.1) with its details in Exception.Data only, and a
        // fixed sentence for access_denied; keep the details in the message (AccessDeniedPath is handled before this).
        if (result.Failure is { } failure and not OAuth2GenericException && failure.Data["error"] is string error)
        {
            var exception = ProviderFailure.Authorization(error, failure.Data["error_description"] as string, failure.Data["error_uri"] as string);
            Logger.SignInFailed(exception);
            return HandleRequestResult.Fail(exception, result.Properties);
        }

        if (result.Failure is not (null or OAuth2GenericException) && await ExplainCallbackFailureAsync(result.Properties) is { } explained)
        {
            Logger.SignInFailed(explained);
            return HandleRequestResult.Fail(explained, result.Properties);
        }

        return result;
    }

    // The framework's checks of the callback end in a fixed sentence each; what the request carried says which check
    // failed and what usually causes it. Null for a failure the framework's checks did not raise (an event's Fail).
    private async Task<OAuth2GenericException?> ExplainCallbackFailureAsync(AuthenticationProperties? properties)
    {
        (string Reason, string Message)? failure = _correlationFailure switch
        {
            OAuth2GenericFailureReasons.CorrelationCookieMissing when await SignedInSinceChallengeAsync(properties) => (
                OAuth2GenericFailureReasons.CallbackRepeated,
                "Correlation failed: this callback was already used to sign in, and the browser sent it again (the back button, a reload, a bookmarked callback URL)."),
            OAuth2GenericFailureReasons.CorrelationCookieMissing => (
                OAuth2GenericFailureReasons.CorrelationCookieMissing,
                "Correlation failed: the browser did not send the correlation cookie. It is Secure and SameSite=None: the sign-in must run over HTTPS, a browser blocking third-party cookies or a proxy that drops cookies loses it, and it expires after RemoteAuthenticationTimeout."),
            OAuth2GenericFailureReasons.CorrelationInvalid => (
                OAuth2GenericFailureReasons.CorrelationInvalid,
                "Correlation failed: the correlation cookie does not match the state."),
            _ when string.IsNullOrEmpty(Request.Query["state"]) => (
                OAuth2GenericFailureReasons.CallbackInvalid,
                "The oauth state was missing or invalid: the callback carries no state."),

            // The framework fails without properties only when the state cannot be unprotected.
            _ when properties is null => (
                OAuth2GenericFailureReasons.StateInvalid,
                "The oauth state was missing or invalid: it could not be unprotected. The servers may not share their Data Protection key ring, the key ring may have changed since the challenge, or the state was altered."),
            _ when string.IsNullOrEmpty(Request.Query["code"]) => (
                OAuth2GenericFailureReasons.CallbackInvalid,
                "Code was not found: the callback carries neither a code nor an error."),
            _ => null,
        };
        return failure is var (reason, message) ? new OAuth2GenericException(FailureStep.Callback, message) { Reason = reason } : null;
    }

    // A callback whose correlation cookie is gone, from a browser signed in since this callback's challenge, is that
    // sign-in's callback coming back: nothing was wrong with the cookies.
    private async Task<bool> SignedInSinceChallengeAsync(AuthenticationProperties? properties)
    {
        if (properties is null || Options.SignInScheme is not { } signInScheme || SignInDeadline.Read(properties) is not { } deadline)
        {
            return false;
        }

        var signedIn = await Context.AuthenticateAsync(signInScheme);
        return signedIn.Succeeded && signedIn.Properties?.IssuedUtc >= deadline - Options.RemoteAuthenticationTimeout;
    }

    private void RecordCallback(HandleRequestResult result, Activity? activity, OAuth2GenericMetrics? metrics, long started)
    {
        var (outcome, reason) = result switch
        {
            { Succeeded: true } => ("success", null),
            { Failure: OAuth2GenericException failure } => ("failure", failure.Reason),
            { Failure: not null } => ("failure", TelemetryTags.OtherError),
            _ => ("skipped", (string?)null),
        };

        if (result.Failure is OAuth2GenericException exception)
        {
            OAuth2GenericActivities.Failed(activity, exception);
        }
        else if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Outcome, outcome);
            if (reason is not null)
            {
                activity.SetTag(TelemetryTags.ErrorType, reason);
                activity.SetStatus(ActivityStatusCode.Error, reason);
            }
        }

        metrics?.CallbackHandled(
            Scheme.Name, outcome, reason, started, _challengedAt is { } challengedAt ? (TimeProvider.GetUtcNow() - challengedAt).TotalSeconds : null);
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
        if (SignInDeadline.HasPassed(deadline, TimeProvider.GetUtcNow()))
        {
            var expired = new OAuth2GenericException(
                FailureStep.Callback,
                $"The sign-in took longer than RemoteAuthenticationTimeout ({Options.RemoteAuthenticationTimeout}): its state has expired.")
            {
                Reason = OAuth2GenericFailureReasons.StateExpired,
            };
            Logger.SignInFailed(expired);
            return OAuthTokenResponse.Failed(expired);
        }

        // RFC 7636 §4.5. The verifier leaves the properties so it is not stored in the authentication cookie.
        context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var codeVerifier);
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
            user = await MapUserAsync(identity, properties, tokens);
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

            var context = new OAuthCreatingTicketContext(
                new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user.RootElement);
            try
            {
                context.RunClaimActions();
            }
            catch (Exception exception) when (exception is not OAuth2GenericException)
            {
                // The claim actions read the provider's document too, as members of an object: a document of another
                // shape is the mapping step's failure (a 502 unhandled), as in MapUserAsync, never a 500.
                throw new TicketCreationFailure(OAuth2GenericException.ClaimsMappingFailed(exception), properties);
            }

            await Events.CreatingTicket(context);
            return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
        }
    }

    /// <summary>
    /// Calls the user-info endpoint with the access token as <see cref="OAuth2GenericOptions.AuthTokenParams"/> says, and
    /// parses the body as JSON whatever its Content-Type.
    /// </summary>
    /// <param name="tokens">The tokens from the token endpoint.</param>
    /// <returns>The user document; the caller disposes it.</returns>
    /// <exception cref="OAuth2GenericException">The call failed, or the body is not JSON.</exception>
    protected virtual async Task<JsonDocument> GetUserInformationAsync(OAuthTokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var request = UserInformationRequest.Create(Options.UserInformationEndpoint, Options.AuthTokenParams, tokens.AccessToken!);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.UserInformationRequest(request.Host, Options.AuthTokenParams.Mode);
        }

        return await Options.ProviderBackchannel.GetJsonAsync(request, Logger, Context.RequestAborted);
    }

    /// <summary>
    /// Refreshed tokens, for this request: checked as the provider asks (<see cref="CheckRefreshedTokensAsync"/>), and with
    /// <see cref="OAuth2GenericOptions.UpdateClaimsOnRefresh"/> the claims rebuilt from them as at the sign-in (the
    /// mapping and the claim actions; not <c>OnCreatingTicket</c>), for the same user.
    /// </summary>
    async Task<ClaimsPrincipal> IRefreshingHandler.ApplyRefreshAsync(RefreshedTokens tokens, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        using var response = tokens.ToTokenResponse(TimeProvider.GetUtcNow());
        _refreshing = true;
        try
        {
            if (Options.UpdateClaimsOnRefresh && CanMapRefreshedTokens(response))
            {
                try
                {
                    return await MapRefreshedClaimsAsync(response, principal, properties);
                }
                catch (OAuth2GenericException exception) when (RefreshCheckFailure.UserInfoUnavailable(exception))
                {
                    // The user-info endpoint did not give the document (down, missing, not JSON), which says nothing
                    // against the tokens: the fresh tokens are kept with the claims of before.
                    Logger.ClaimsKeptAtRefresh(exception.Reason, exception.Message);
                }
            }

            await CheckRefreshedTokensAsync(response, principal);
            return principal;
        }
        finally
        {
            _refreshing = false;
        }
    }

    /// <summary>Whether the mapping runs now for an id_token of a refresh answer, which has no nonce to check.</summary>
    private protected bool IsRefreshing => _refreshing;

    /// <summary>
    /// Whether the refreshed tokens carry what the mapping needs to rebuild the claims; the generic mapping calls the
    /// user-info endpoint with the new access token, so it always can.
    /// </summary>
    private protected virtual bool CanMapRefreshedTokens(OAuthTokenResponse tokens) => true;

    /// <summary>
    /// The checks refreshed tokens pass when the claims are kept: none for a generic provider (its access token is
    /// opaque to the client); Cognito validates an id_token in the answer.
    /// </summary>
    private protected virtual Task CheckRefreshedTokensAsync(OAuthTokenResponse tokens, ClaimsPrincipal principal) => Task.CompletedTask;

    private async Task<ClaimsPrincipal> MapRefreshedClaimsAsync(OAuthTokenResponse response, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var previous = principal.Identity as ClaimsIdentity;
        var identity = new ClaimsIdentity(
            previous?.AuthenticationType ?? ClaimsIssuer,
            previous?.NameClaimType ?? ClaimsIdentity.DefaultNameClaimType,
            previous?.RoleClaimType ?? ClaimsIdentity.DefaultRoleClaimType);
        using (var user = await MapUserAsync(identity, properties, response))
        {
            try
            {
                new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, response, user.RootElement)
                    .RunClaimActions();
            }
            catch (Exception exception) when (exception is not OAuth2GenericException)
            {
                throw OAuth2GenericException.ClaimsMappingFailed(exception);
            }
        }

        // A refresh must not turn the session into another user's (OpenID Connect Core §12.2 asks the same of sub).
        var id = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (id is null || id != principal.FindFirst(ClaimTypes.NameIdentifier)?.Value)
        {
            throw new OAuth2GenericException(
                FailureStep.TokenRefresh, "The claims rebuilt from the refreshed tokens name another user (NameIdentifier) than the session's.")
            {
                Reason = OAuth2GenericFailureReasons.MappingFailed,
            };
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// The user document the claims come from, with its claims added to <paramref name="identity"/>: by default the
    /// user-info endpoint's answer, mapped by <see cref="OAuth2GenericOptions.UserResponseStructure"/>. A provider's
    /// handler replaces this step as a whole (Cognito's id_token), so that what it learns along the way stays local.
    /// </summary>
    /// <returns>The document, which the caller disposes once the ticket is made.</returns>
    private protected virtual async Task<JsonDocument> MapUserAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var user = await GetUserInformationAsync(tokens);
        try
        {
            UserResponseMapper.Map(user.RootElement, Options.UserResponseStructure, ClaimsIssuer, identity);
            return user;
        }
        catch (Exception exception)
        {
            user.Dispose();

            // A document the mapping was not written for is the provider's failure (a 502 unhandled), never a 500.
            if (exception is OAuth2GenericException)
            {
                throw;
            }

            throw OAuth2GenericException.ClaimsMappingFailed(exception);
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
