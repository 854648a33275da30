using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace OAuth2Generic;

/// <summary>
/// The generic OAuth 2.0 authorization-code handler, configured like the Ruby <c>omniauth-oauth2-generic</c> strategy.
/// State, correlation, PKCE storage, events and token saving come from <see cref="OAuthHandler{TOptions}"/>; this class
/// adds the Ruby strategy's endpoints, parameters, client authentication and user-response mapping, and turns every
/// provider failure into an <see cref="OAuth2GenericException"/> that names the step.
/// </summary>
/// <typeparam name="TOptions">The options type, <see cref="OAuth2GenericOptions"/> or one derived from it.</typeparam>
public class OAuth2GenericHandler<TOptions> : OAuthHandler<TOptions>
    where TOptions : OAuth2GenericOptions, new()
{
    // When the protected state stops being good (Unix seconds), kept in it between the challenge and the callback.
    // Short, as it travels in every authorize URL.
    private const string DeadlineKey = ".deadline";

    private AuthenticationProperties? _signInProperties;
    private CancellationTokenSource? _backchannelTimeout;

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
        // Later sources replace earlier ones, so each parameter is sent once (RFC 6749 §3.1): a query already in the
        // authorize URL, the handler's own, the framework's AdditionalAuthorizationParameters, then AuthorizeParams
        // (where a scope is THE scope), then the challenge's own.
        var endpoint = Options.AuthorizationEndpoint;
        var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var queryStart = endpoint.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(endpoint[queryStart..]))
            {
                parameters[name] = values;
            }

            endpoint = endpoint[..queryStart];
        }

        parameters["response_type"] = "code";
        parameters["client_id"] = Options.ClientId;
        parameters["redirect_uri"] = Options.RedirectUrl ?? redirectUri;
        if (FormatScope() is { Length: > 0 } scope)
        {
            parameters[OAuthChallengeProperties.ScopeKey] = scope;
        }

        foreach (var (name, value) in Options.AdditionalAuthorizationParameters)
        {
            parameters[name] = value;
        }

        foreach (var (name, value) in Options.AuthorizeParams)
        {
            parameters[name] = value;
        }

        foreach (var (name, value) in properties.Parameters)
        {
            if (name == OAuthChallengeProperties.ScopeKey && value is ICollection<string> scopes)
            {
                parameters[name] = FormatScope(scopes);
            }
            else if (value is string text)
            {
                if (ProtocolParameters.Authorize.Contains(name))
                {
                    throw new InvalidOperationException(
                        $"The authorize parameter '{name}' is set by the handler and cannot be passed in AuthenticationProperties.Parameters.");
                }

                // An empty value withdraws a parameter that the options would send (a default identity provider, say).
                if (text.Length == 0)
                {
                    parameters.Remove(name);
                }
                else
                {
                    parameters[name] = text;
                }
            }
        }

        AddOwnAuthorizeParameters(parameters, properties);

        // An empty scope (from AuthorizeParams or the challenge) means none: some servers refuse "scope=".
        if (parameters.TryGetValue(OAuthChallengeProperties.ScopeKey, out var finalScope) && StringValues.IsNullOrEmpty(finalScope))
        {
            parameters.Remove(OAuthChallengeProperties.ScopeKey);
        }

        if (Options.UsePkce)
        {
            // RFC 7636 §4.1-4.2: a 256-bit verifier, kept in the protected state for the token request.
            var codeVerifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            properties.Items[OAuthConstants.CodeVerifierKey] = codeVerifier;
            parameters[OAuthConstants.CodeChallengeKey] =
                Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
            parameters[OAuthConstants.CodeChallengeMethodKey] = OAuthConstants.CodeChallengeMethodS256;
        }

        // The framework lets only the correlation cookie's lifetime (the browser's word) bound how late a callback may
        // come; the state itself also says when it stops being good, so that a replay hours later fails on the server.
        properties.Items[DeadlineKey] =
            (TimeProvider.GetUtcNow() + Options.RemoteAuthenticationTimeout).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        parameters["state"] = Options.StateDataFormat.Protect(properties);

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.AuthorizationRedirect(HostOf(endpoint));
        }
        return QueryHelpers.AddQueryString(endpoint, parameters);
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
                OAuth2GenericException { Step: SignInStep.Authorization, Error: "access_denied" } =>
                    (StatusCodes.Status403Forbidden, "Sign-in was cancelled or access was denied."),
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
        finally
        {
            _backchannelTimeout?.Dispose();
            _backchannelTimeout = null;
        }
    }

    /// <summary>
    /// Handles the callback through the framework (state, correlation, provider error, code exchange, ticket). A
    /// provider's error and every failure after it end as an <see cref="OAuth2GenericException"/> that names the step
    /// and keeps the provider's error details; the framework's own checks keep their messages.
    /// </summary>
    /// <returns>The result of the remote authentication.</returns>
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        // RFC 6749 §3.1: a parameter is never sent twice. The framework would join the values with a comma, and send
        // "a,b" to the token endpoint as the code.
        foreach (var name in ProtocolParameters.Callback)
        {
            if (Request.Query[name].Count > 1)
            {
                return HandleRequestResult.Fail($"The callback repeats the parameter '{name}'.");
            }
        }

        HandleRequestResult result;
        try
        {
            result = await base.HandleRemoteAuthenticateAsync();
        }
        catch (OAuth2GenericException exception) when (_signInProperties is not null)
        {
            // Raised while creating the ticket (user info, mapping): fail with the request's properties, as the
            // framework does for token errors, so that RemoteFailure handlers see the return URL.
            Logger.SignInFailed(exception.Step, exception.Message);
            return HandleRequestResult.Fail(exception, _signInProperties);
        }

        // The framework reports a provider's error (RFC 6749 §4.1.2.1) with its details in Exception.Data only, and a
        // fixed sentence for access_denied; keep the details in the message (AccessDeniedPath is handled before this).
        if (result.Failure is { } failure and not OAuth2GenericException && failure.Data["error"] is string error)
        {
            var providerError = new ProviderError(
                ProviderText.Clean(error),
                ProviderText.Clean(failure.Data["error_description"] as string),
                ProviderText.Clean(failure.Data["error_uri"] as string));
            var message = new StringBuilder("The authorization server returned");
            providerError.AppendTo(message);
            var exception = OAuth2GenericException.FromProviderError(
                SignInStep.Authorization, message.Append('.').ToString(), statusCode: null, providerError);
            Logger.SignInFailed(exception.Step, exception.Message);
            return HandleRequestResult.Fail(exception, result.Properties);
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

        // The state's own deadline (see BuildChallengeUrl), checked before the code goes anywhere, and then dropped so
        // that it does not end up in the authentication cookie.
        if (context.Properties.Items.TryGetValue(DeadlineKey, out var deadline))
        {
            context.Properties.Items.Remove(DeadlineKey);
            if (long.TryParse(deadline, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && TimeProvider.GetUtcNow().ToUnixTimeSeconds() > seconds)
            {
                return OAuthTokenResponse.Failed(new AuthenticationFailureException(
                    $"The sign-in took longer than RemoteAuthenticationTimeout ({Options.RemoteAuthenticationTimeout}): its state has expired."));
            }
        }

        var form = new List<KeyValuePair<string, string>>(8)
        {
            new("grant_type", "authorization_code"),
            new("code", context.Code),
            new("redirect_uri", Options.RedirectUrl ?? context.RedirectUri),
        };

        // RFC 7636 §4.5. The verifier leaves the properties so it is not stored in the authentication cookie.
        if (context.Properties.Items.TryGetValue(OAuthConstants.CodeVerifierKey, out var codeVerifier) && codeVerifier is not null)
        {
            form.Add(new(OAuthConstants.CodeVerifierKey, codeVerifier));
            context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Options.TokenEndpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddClientAuthentication(request, form);

        foreach (var parameter in Options.TokenParams)
        {
            form.Add(parameter);
        }

        request.Content = new FormUrlEncodedContent(form);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.TokenRequest(HostOf(Options.TokenEndpoint), Options.ClientOptions.AuthScheme);
        }

        try
        {
            var answer = await SendAsync(request, SignInStep.TokenRequest);
            return ReadTokenResponse(answer, context.Code);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.SignInFailed(exception.Step, exception.Message);
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
        _signInProperties = properties;

        using var user = await GetUserDocumentAsync(properties, tokens);
        try
        {
            UserResponseMapper.Map(user.RootElement, Options.UserResponseStructure, ClaimsIssuer, identity);
            CompleteClaims(identity, user.RootElement);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.UserMapped(identity.Claims.Count());
        }

        var context = new OAuthCreatingTicketContext(
            new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user.RootElement);
        context.RunClaimActions();
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    /// <summary>
    /// Authenticates the client as <see cref="OAuth2GenericClientOptions.AuthScheme"/> says: a Basic header, the
    /// secret in the form, or (a public client) only its id in the form.
    /// </summary>
    private protected void AddClientAuthentication(HttpRequestMessage request, List<KeyValuePair<string, string>> form)
    {
        switch (Options.ClientOptions.AuthScheme)
        {
            case ClientAuthScheme.BasicAuth:
                request.Headers.Authorization = ClientSecretBasic.Create(Options.ClientId, Options.ClientSecret);
                break;
            case ClientAuthScheme.RequestBody:
                form.Add(new("client_id", Options.ClientId));
                form.Add(new("client_secret", Options.ClientSecret));
                break;
            case ClientAuthScheme.None:
                form.Add(new("client_id", Options.ClientId));
                break;
        }
    }

    /// <summary>
    /// Adds the parameters a derived handler owns to the authorize request, after every other source, so that they
    /// cannot be overridden (the Cognito handler's <c>nonce</c>).
    /// </summary>
    private protected virtual void AddOwnAuthorizeParameters(Dictionary<string, StringValues> parameters, AuthenticationProperties properties)
    {
    }

    /// <summary>The user document the claims are mapped from: by default, the user-info endpoint's answer.</summary>
    private protected virtual Task<JsonDocument> GetUserDocumentAsync(AuthenticationProperties properties, OAuthTokenResponse tokens) =>
        GetUserInformationAsync(tokens);

    /// <summary>Adjusts the claims mapped by <see cref="OAuth2GenericOptions.UserResponseStructure"/>, before the claim actions run.</summary>
    private protected virtual void CompleteClaims(ClaimsIdentity identity, JsonElement user)
    {
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
        var accessToken = tokens.AccessToken!;
        var tokenParameters = Options.AuthTokenParams;

        using var request = tokenParameters.Mode switch
        {
            AuthTokenMode.Query => new HttpRequestMessage(
                HttpMethod.Get, QueryHelpers.AddQueryString(Options.UserInformationEndpoint, tokenParameters.ParamName, accessToken)),
            AuthTokenMode.Body => new HttpRequestMessage(HttpMethod.Post, Options.UserInformationEndpoint)
            {
                Content = new FormUrlEncodedContent([new(tokenParameters.ParamName, accessToken)]),
            },
            _ => new HttpRequestMessage(HttpMethod.Get, Options.UserInformationEndpoint),
        };

        if (tokenParameters.Mode == AuthTokenMode.Header)
        {
            request.Headers.TryAddWithoutValidation(
                "Authorization", tokenParameters.HeaderFormat.Replace("{0}", accessToken, StringComparison.Ordinal));
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.UserInformationRequest(HostOf(Options.UserInformationEndpoint), tokenParameters.Mode);
        }

        var answer = await SendAsync(request, SignInStep.UserInformation);
        if (!answer.IsSuccess)
        {
            throw ErrorAnswer(answer, SignInStep.UserInformation, accessToken);
        }

        return ProviderJson.TryParse(answer.Body)
            ?? throw new OAuth2GenericException(
                SignInStep.UserInformation,
                $"{EndpointName(SignInStep.UserInformation)} ({HostOf(Options.UserInformationEndpoint)}) returned a body that is not JSON ({Shape(answer)}).");
    }

    private OAuthTokenResponse ReadTokenResponse(BackchannelAnswer answer, string code)
    {
        var step = SignInStep.TokenRequest;
        if (!answer.IsSuccess)
        {
            throw ErrorAnswer(answer, step, code);
        }

        string Endpoint() => $"{EndpointName(step)} ({HostOf(Options.TokenEndpoint)})";
        var document = ProviderJson.TryParse(answer.Body)
            ?? throw new OAuth2GenericException(step, $"{Endpoint()} returned a body that is not JSON ({Shape(answer)}).");

        var root = document.RootElement;
        string? failure = null;
        var providerError = root.ValueKind == JsonValueKind.Object ? ProviderError.FromJson(root, code, Options.ClientSecret) : default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            failure = $"{Endpoint()} returned JSON that is not an object ({Shape(answer)}).";
        }
        else if (providerError.Error is not null)
        {
            // Some providers answer 200 with an error document (RFC 6749 §5.2 says 400): an error all the same.
            var message = new StringBuilder(Endpoint()).Append(" returned 200 OK with");
            providerError.AppendTo(message);
            failure = message.Append('.').ToString();
        }
        else if (!root.TryGetProperty("access_token", out var accessToken)
                 || accessToken.ValueKind != JsonValueKind.String
                 || accessToken.GetString() is not { Length: > 0 } token)
        {
            failure = $"{Endpoint()} returned no access_token.";
        }
        else if (token.AsSpan().ContainsAnyExceptInRange('\x20', '\x7E'))
        {
            // RFC 6749 Appendix A.12: a token is 1*VSCHAR. Anything else (CR, LF, non-ASCII) could forge headers of
            // the user-info request, or break it.
            failure = $"{Endpoint()} returned an access_token with characters a token cannot contain.";
        }

        if (failure is not null)
        {
            document.Dispose();
            throw OAuth2GenericException.FromProviderError(step, failure, (int)answer.StatusCode, providerError);
        }

        return OAuthTokenResponse.Success(document);
    }

    private async Task<BackchannelAnswer> SendAsync(HttpRequestMessage request, SignInStep step)
    {
        // Captured before sending: a handler that follows redirects changes the request's URI. The host is only for
        // messages, and Uri.Authority builds a new string each time.
        var sentTo = request.RequestUri!;
        string Host() => sentTo.Authority;

        // HttpClient.Timeout stops at the response headers when the body is streamed; this bounds the whole exchange.
        // One source serves the callback's exchanges, armed again for each, and goes when the request is handled.
        var timeout = _backchannelTimeout ??= CancellationTokenSource.CreateLinkedTokenSource(Context.RequestAborted);
        if (!timeout.TryReset())
        {
            // The last exchange's timer fired while other work ran (Cognito's key fetch, say): a source once
            // cancelled stays cancelled, so this exchange gets a new one.
            timeout.Dispose();
            _backchannelTimeout = timeout = CancellationTokenSource.CreateLinkedTokenSource(Context.RequestAborted);
        }

        timeout.CancelAfter(Options.BackchannelTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await Backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.RequestMessage?.RequestUri is { } answeredBy && answeredBy != sentTo)
            {
                // The package's own backchannel follows no redirects; an application's BackchannelHttpHandler might.
                throw new OAuth2GenericException(
                    step,
                    $"{EndpointName(step)} ({Host()}) was redirected to {answeredBy.Authority}, and redirects must not be followed: set AllowAutoRedirect = false on the BackchannelHttpHandler.");
            }

            var body = await BoundedContentReader.ReadAsync(response.Content, Options.BackchannelMaxResponseSize, timeout.Token);
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                Logger.BackchannelResponse(
                    EndpointName(step), Host(), (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (body is null)
            {
                throw new OAuth2GenericException(
                    step,
                    $"{EndpointName(step)} ({Host()}) answered with a body larger than BackchannelMaxResponseSize ({Options.BackchannelMaxResponseSize} bytes).");
            }

            return new BackchannelAnswer(
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null,
                response.Headers.Location is { IsAbsoluteUri: true } location ? location.Authority : null,
                body.Value);
        }
        catch (OperationCanceledException exception) when (!Context.RequestAborted.IsCancellationRequested)
        {
            throw new OAuth2GenericException(
                step,
                $"{EndpointName(step)} ({Host()}) did not answer within BackchannelTimeout ({Options.BackchannelTimeout}).",
                exception)
            {
                IsTransient = true,
            };
        }
        catch (HttpRequestException exception)
        {
            throw new OAuth2GenericException(
                step,
                $"{EndpointName(step)} ({Host()}) could not be reached ({exception.HttpRequestError}): {ProviderText.Clean(exception.Message)}",
                exception)
            {
                IsTransient = true,
            };
        }
        catch (IOException exception)
        {
            // A connection that breaks while the body streams in surfaces here, not as an HttpRequestException.
            throw new OAuth2GenericException(
                step, $"{EndpointName(step)} ({Host()}) broke off its answer: {ProviderText.Clean(exception.Message)}", exception)
            {
                IsTransient = true,
            };
        }
    }

    // A non-2xx answer from the token or user-info endpoint: its status, the bearer challenge a user-info endpoint
    // sends (RFC 6750 §3), and the provider's error document, with the step's secret and the client secret redacted.
    private OAuth2GenericException ErrorAnswer(BackchannelAnswer answer, SignInStep step, string secret)
    {
        var error = ProviderError.Read(answer.Body, secret, Options.ClientSecret);
        var message = new StringBuilder(Describe(answer, step));
        if (step == SignInStep.UserInformation
            && answer.WwwAuthenticate is { } challenge
            && ProviderText.Clean(challenge, secret) is { } cleaned)
        {
            message.Append(" (WWW-Authenticate: ").Append(cleaned).Append(')');
        }

        if (error.Error is not null)
        {
            error.AppendTo(message.Append(" with"));
        }

        // AWS (Cognito among them) also throttles with 400 and a body saying "Rate exceeded" (DESIGN §5): a wait helps.
        var throttled = answer.StatusCode == HttpStatusCode.BadRequest && answer.Body.Span.IndexOf("Rate exceeded"u8) >= 0;
        return OAuth2GenericException.FromProviderError(step, message.Append('.').ToString(), (int)answer.StatusCode, error, throttled);
    }

    private string Describe(BackchannelAnswer answer, SignInStep step)
    {
        var status = (int)answer.StatusCode;
        var endpoint = step == SignInStep.TokenRequest ? Options.TokenEndpoint : Options.UserInformationEndpoint;
        var text = $"{EndpointName(step)} ({HostOf(endpoint)}) returned {status} {ReasonPhrases.GetReasonPhrase(status)}";
        if (status is >= 300 and <= 399)
        {
            text += answer.RedirectHost is null
                ? ", a redirect, which is not followed"
                : $", a redirect to {answer.RedirectHost}, which is not followed";
        }

        return text;
    }

    private static string Shape(BackchannelAnswer answer) =>
        $"{answer.ContentType ?? "no Content-Type"}, {answer.Body.Length} bytes";

    private static string EndpointName(SignInStep step) =>
        step == SignInStep.TokenRequest ? "The token endpoint" : "The user-info endpoint";

    private protected static string HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : "(invalid URL)";
}
