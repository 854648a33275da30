using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

// The handler's user document: the user-info answer, the validated id_token's payload or both, mapped to claims, then the
// claim actions; the one mapping a sign-in and a refresh that rebuilds the claims both run. A preset changes only its
// hooks (UserDocument, CompleteClaims).
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
        if (string.IsNullOrEmpty(Options.UserInformationEndpoint))
        {
            // Only a discovered scheme can get here: the start-up rules require the endpoint otherwise.
            throw new OAuth2GenericException(
                FailureStep.UserInformation,
                "The provider's discovery document names no userinfo_endpoint: set UserInformationSource to IdToken, or ClientOptions:UserInfoUrl.");
        }

        using var request = UserInformationRequest.Create(Options.UserInformationEndpoint, Options.AuthTokenParams, tokens.AccessToken!);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Logger.UserInformationRequest(request.Host, Options.AuthTokenParams.Mode);
        }

        return await Options.ProviderBackchannel.GetJsonAsync(request, Logger, Context.RequestAborted);
    }

    /// <summary>
    /// The user document the claims come from, with its claims added to <paramref name="identity"/>: with an issuer, the
    /// id_token is validated first (its payload is the document in <see cref="UserInformationSource.IdToken"/> mode);
    /// otherwise, or in the other modes, the user-info answer is fetched and must be about the id_token's user, merged
    /// with the payload in <see cref="UserInformationSource.Both"/> mode. Mapped by
    /// <see cref="OAuth2GenericOptions.UserResponseStructure"/>; a preset adds its own claims (<see cref="CompleteClaims"/>).
    /// </summary>
    /// <returns>The document, which the caller disposes once the ticket is made.</returns>
    /// <param name="identity">The identity to add the claims to.</param>
    /// <param name="properties">The sign-in's properties.</param>
    /// <param name="tokens">The token endpoint's answer.</param>
    /// <param name="atRefresh">Whether the tokens are a refresh's, not a sign-in's: an id_token of a refresh answer has no nonce to check.</param>
    private protected async Task<JsonDocument> MapUserAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens, bool atRefresh)
    {
        var idToken = Options.ValidatesIdToken ? await ValidateIdTokenAsync(properties, tokens, atRefresh) : null;
        JsonDocument? user = null;
        try
        {
            if (Options.UserInformationSource == UserInformationSource.IdToken)
            {
                // The payload is the user document itself.
                user = idToken!;
            }
            else
            {
                var userInfo = await GetUserInformationAsync(tokens);
                try
                {
                    CheckSameUser(idToken?.RootElement, userInfo.RootElement);
                    user = UserDocument(Options.UserInformationSource == UserInformationSource.Both ? idToken?.RootElement : null, userInfo);
                }
                finally
                {
                    if (!ReferenceEquals(user, userInfo))
                    {
                        userInfo.Dispose();
                    }
                }
            }

            MapClaims(identity, user.RootElement, idToken?.RootElement);
            return user;
        }
        catch
        {
            user?.Dispose();
            throw;
        }
        finally
        {
            if (!ReferenceEquals(user, idToken))
            {
                idToken?.Dispose();
            }
        }
    }

    /// <summary>
    /// The user document from the user-info answer, merged with the id_token's payload when one is given (the user-info
    /// answer wins where both have a member); the answer itself when there is nothing to merge. A preset that straightens
    /// its provider's answers makes its own (Cognito's string booleans).
    /// </summary>
    /// <param name="idToken">The validated payload to merge, or null.</param>
    /// <param name="userInfo">The user-info answer; returned as it is, or disposed by the caller.</param>
    private protected virtual JsonDocument UserDocument(JsonElement? idToken, JsonDocument userInfo)
    {
        if (idToken is null)
        {
            return userInfo;
        }

        try
        {
            return UserDocumentMerge.Create(idToken, userInfo.RootElement, UserDocumentMerge.TokenMembers, static _ => false, static (writer, member) => member.WriteTo(writer));
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }
    }

    /// <summary>Claims a preset adds after the mapping (Cognito's verified contacts, attributes and groups); none by default.</summary>
    /// <param name="identity">The identity the mapping filled.</param>
    /// <param name="user">The user document.</param>
    /// <param name="idToken">The validated id_token's payload, if any.</param>
    private protected virtual void CompleteClaims(ClaimsIdentity identity, JsonElement user, JsonElement? idToken)
    {
    }

    // The mapping and the preset's claims; a document the mapping was not written for is the provider's failure (a 502
    // unhandled), never a 500.
    private void MapClaims(ClaimsIdentity identity, JsonElement user, JsonElement? idToken)
    {
        try
        {
            UserResponseMapper.Map(user, Options.UserResponseStructure, ClaimsIssuer, identity);
            CompleteClaims(identity, user, idToken);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
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
