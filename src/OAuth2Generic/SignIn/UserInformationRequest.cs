using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic;

/// <summary>
/// The request to the user-info endpoint, carrying the access token as <see cref="OAuth2GenericOptions.AuthTokenParams"/>
/// says: the Ruby oauth2 gem's <c>auth_token_params</c> modes (RFC 6750 §2.1-2.3).
/// </summary>
internal static class UserInformationRequest
{
    public static ProviderRequest Create(string endpoint, AuthTokenParameters parameters, string accessToken)
    {
        var request = parameters.Mode switch
        {
            AuthTokenMode.Query => new ProviderRequest(
                FailureStep.UserInformation, ProviderCall.UserInformation, "The user-info endpoint", HttpMethod.Get, QueryHelpers.AddQueryString(endpoint, parameters.ParamName, accessToken)),
            // RFC 6750 §2.2: a form body goes with POST.
            AuthTokenMode.Body => new ProviderRequest(FailureStep.UserInformation, ProviderCall.UserInformation, "The user-info endpoint", HttpMethod.Post, endpoint),
            _ => new ProviderRequest(FailureStep.UserInformation, ProviderCall.UserInformation, "The user-info endpoint", HttpMethod.Get, endpoint),
        };

        request.Secrets.Add(accessToken);
        switch (parameters.Mode)
        {
            case AuthTokenMode.Header:
                request.Message.Headers.TryAddWithoutValidation(
                    "Authorization", parameters.HeaderFormat.Replace("{0}", accessToken, StringComparison.Ordinal));
                break;
            case AuthTokenMode.Body:
                request.Message.Content = new FormUrlEncodedContent([new(parameters.ParamName, accessToken)]);
                break;
        }

        return request;
    }
}
