using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// <c>AddCognitoJwtBearer</c> raises JwtBearer's events, through real HTTP: each event does what its documentation says,
/// through <c>Events</c> or <c>EventsType</c>, and events the handler would not raise stop the app at start-up.
/// </summary>
public sealed class BearerEventsTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public BearerEventsTests() => _cognito.Jwks();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task OnMessageReceived_may_supply_the_token_from_elsewhere()
    {
        await using var api = await StartAsync(events => events.OnMessageReceived = context =>
        {
            context.Token = context.Request.Headers["X-Api-Token"];
            return Task.CompletedTask;
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("X-Api-Token", AccessTokens.Signed(_cognito.Issuer));

        using var response = await api.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OnMessageReceived_may_end_the_authentication_before_any_check()
    {
        await using var api = await StartAsync(events => events.OnMessageReceived = context =>
        {
            context.Fail("This API is closed.");
            return Task.CompletedTask;
        });

        using var response = await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(_cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Fact]
    public async Task OnTokenValidated_adds_the_applications_claims_at_every_request_and_the_cache_keeps_only_the_tokens()
    {
        var calls = 0;
        await using var api = await StartAsync(events => events.OnTokenValidated = context =>
        {
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("tenant", "blue"));
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        var token = AccessTokens.Signed(_cognito.Issuer);

        var first = await ClaimsAsync(api, token);
        var second = await ClaimsAsync(api, token); // from the validation cache

        Assert.Single(first, claim => claim.Type == "tenant" && claim.Value == "blue");
        Assert.Single(second, claim => claim.Type == "tenant" && claim.Value == "blue");
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task OnTokenValidated_may_refuse_a_valid_token()
    {
        await using var api = await StartAsync(events => events.OnTokenValidated = context =>
        {
            context.Fail("Unknown tenant.");
            return Task.CompletedTask;
        });

        using var response = await api.GetAsync("/me", AccessTokens.Signed(_cognito.Issuer));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task OnAuthenticationFailed_sees_the_failed_check_and_never_the_token()
    {
        CognitoAuthenticationFailedContext? failed = null;
        await using var api = await StartAsync(events => events.OnAuthenticationFailed = context =>
        {
            failed = context;
            return Task.CompletedTask;
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = AccessTokens.Signed(_cognito.Issuer, claims => (claims["iat"], claims["exp"]) = (now - 7200, now - 3600));

        using var response = await api.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(failed);
        Assert.Equal("The token has expired.", failed.ErrorDescription);
        Assert.False(failed.IsServerProblem);
        Assert.DoesNotContain(token, failed.Exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], failed.Exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnChallenge_may_change_the_answers_parts_or_write_the_whole_answer()
    {
        await using var api = await StartAsync(events => events.OnChallenge = async context =>
        {
            if (context.Request.Path == "/me")
            {
                context.ErrorUri = "https://docs.example.com/tokens";
                return;
            }

            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync($"{context.Error}: {context.ErrorDescription}");
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expired = AccessTokens.Signed(_cognito.Issuer, claims => (claims["iat"], claims["exp"]) = (now - 7200, now - 3600));

        using var parts = await api.GetAsync("/me", expired);
        using var whole = await api.GetAsync("/orders", expired);

        Assert.Equal(
            "Bearer error=\"invalid_token\", error_description=\"The token has expired.\", error_uri=\"https://docs.example.com/tokens\"",
            Assert.Single(parts.Headers.WwwAuthenticate).ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, whole.StatusCode);
        Assert.Empty(whole.Headers.WwwAuthenticate);
        Assert.Equal("invalid_token: The token has expired.", await whole.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OnForbidden_sees_what_refused_the_request_and_may_write_the_whole_answer()
    {
        await using var api = await StartAsync(events => events.OnForbidden = async context =>
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"error={context.Error ?? "(none)"} scope={context.Scope ?? "(none)"}");
        });

        using var role = await api.GetAsync("/admin", AccessTokens.Signed(_cognito.Issuer, claims => claims.Remove("cognito:groups")));
        using var scope = await api.GetAsync("/orders", AccessTokens.Signed(_cognito.Issuer, claims => claims["scope"] = "openid"));

        Assert.Equal(HttpStatusCode.Forbidden, role.StatusCode);
        Assert.Empty(role.Headers.WwwAuthenticate);
        Assert.Equal("error=(none) scope=(none)", await role.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("error=insufficient_scope scope=orders/read", await scope.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EventsType_names_a_type_the_request_services_give()
    {
        await using var api = await ApiApp.StartAsync(
            auth => auth.AddCognitoJwtBearer(options =>
            {
                Configure(options);
                options.EventsType = typeof(TenantEvents);
            }),
            services => services.AddScoped<TenantEvents>());

        var claims = await ClaimsAsync(api, AccessTokens.Signed(_cognito.Issuer));

        Assert.Contains(claims, claim => claim.Type == "tenant" && claim.Value == "from-services");
    }

    // Before the events existed, CognitoJwtBearerOptions.Events was AuthenticationSchemeOptions' object: this set it to
    // JwtBearerEvents (what a user of AddJwtBearer writes), the app started, and the events were never raised.
    [Fact]
    public async Task Events_of_another_type_stop_the_app_at_start_up_instead_of_being_ignored()
    {
        var challenged = false;
        var start = ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            ((AuthenticationSchemeOptions)options).Events = new JwtBearerEvents
            {
                OnChallenge = _ =>
                {
                    challenged = true;
                    return Task.CompletedTask;
                },
            };
        }));

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => start);

        Assert.Contains("Events is a Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents, which this handler never raises", exception.Message, StringComparison.Ordinal);
        Assert.False(challenged);
    }

    [Fact]
    public async Task An_EventsType_of_another_type_stops_the_app_at_start_up()
    {
        var start = ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            options.EventsType = typeof(JwtBearerEvents);
        }));

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => start);

        Assert.Contains("EventsType is Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents, which does not derive from CognitoJwtBearerEvents.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SaveToken_gives_the_validated_token_to_GetTokenAsync(bool saveToken)
    {
        await using var api = await ApiApp.StartAsync(
            auth => auth.AddCognitoJwtBearer(options =>
            {
                Configure(options);
                options.SaveToken = saveToken;
            }),
            mapEndpoints: app => app.MapGet("/token", async (HttpContext context) => await context.GetTokenAsync("access_token") ?? "(none)").RequireAuthorization());
        var token = AccessTokens.Signed(_cognito.Issuer);

        using var response = await api.GetAsync("/token", token);

        Assert.Equal(saveToken ? token : "(none)", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_role_refusal_answers_403_without_insufficient_scope()
    {
        await using var api = await StartAsync(_ => { });

        using var response = await api.GetAsync("/admin", AccessTokens.Signed(_cognito.Issuer, claims => claims.Remove("cognito:groups")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    private Task<ApiApp> StartAsync(Action<CognitoJwtBearerEvents> setEvents) =>
        ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            Configure(options);
            setEvents(options.Events);
        }));

    private void Configure(CognitoJwtBearerOptions options)
    {
        options.Issuer = _cognito.Issuer;
        options.ClientIds = [AccessTokens.ApiClientId];
    }

    private static async Task<List<ClaimRecord>> ClaimsAsync(ApiApp api, string token)
    {
        using var response = await api.GetAsync("/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<List<ClaimRecord>>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
    }

    private sealed class TenantEvents : CognitoJwtBearerEvents
    {
        public override Task TokenValidated(CognitoTokenValidatedContext context)
        {
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("tenant", "from-services"));
            return base.TokenValidated(context);
        }
    }
}
