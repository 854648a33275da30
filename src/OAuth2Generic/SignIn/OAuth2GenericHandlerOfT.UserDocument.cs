using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

// The handler's user document: fetched from the user-info endpoint, mapped to claims, then the claim actions; the one
// mapping a sign-in and a refresh that rebuilds the claims both run. A provider's handler replaces MapUserAsync.
public partial class OAuth2GenericHandler<TOptions>
{
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
    /// The user document the claims come from, with its claims added to <paramref name="identity"/>: by default the
    /// user-info endpoint's answer, mapped by <see cref="OAuth2GenericOptions.UserResponseStructure"/>. A provider's
    /// handler replaces this step as a whole (Cognito's id_token), so that what it learns along the way stays local.
    /// </summary>
    /// <returns>The document, which the caller disposes once the ticket is made.</returns>
    /// <param name="identity">The identity to add the claims to.</param>
    /// <param name="properties">The sign-in's properties.</param>
    /// <param name="tokens">The token endpoint's answer.</param>
    /// <param name="atRefresh">Whether the tokens are a refresh's, not a sign-in's: an id_token of a refresh answer has no nonce to check.</param>
    private protected virtual async Task<JsonDocument> MapUserAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens, bool atRefresh)
    {
        var user = await GetUserInformationAsync(tokens);
        try
        {
            UserResponseMapper.Map(user.RootElement, Options.UserResponseStructure, ClaimsIssuer, identity);
            return user;
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            // A document the mapping was not written for is the provider's failure (a 502 unhandled), never a 500.
            user.Dispose();
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    // The claim actions read the provider's document too, as members of an object: a document of another shape is the
    // mapping step's failure (a 502 unhandled), as in MapUserAsync, never a 500.
    private OAuthCreatingTicketContext RunClaimActions(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens, JsonElement user)
    {
        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user);
        try
        {
            context.RunClaimActions();
            return context;
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }
    }
}
