namespace OAuth2Generic.Benchmarks;

/// <summary>The provider answers the benchmarks work on: realistic shapes, the same for every handler compared.</summary>
internal static class ProviderDocuments
{
    public const string ClientId = "benchmark-client";
    public const string ClientSecret = "benchmark-secret";
    public const string AccessToken = "benchmark-access-token";

    /// <summary>AWS's documented userInfo example.</summary>
    public const string CognitoUserInfo =
        """{"sub":"248289761001","email_verified":"true","custom:mycustom1":"CustomValue","phone_number_verified":"true","phone_number":"+12065551212","email":"bob@example.com","username":"bob"}""";

    /// <summary>A GitLab-style user wrapped in an envelope, with nested identities: the case for root_path and paths.</summary>
    public const string NestedUser =
        """
        {"data":{"user":{"id":1001,"username":"ada","name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace",
        "email":"ada@example.com","avatar_url":"https://gitlab.example.com/uploads/ada.png","location":"London",
        "bio":"Analyst","web_url":"https://gitlab.example.com/ada","state":"active","is_admin":false,
        "identities":[{"provider":"ldapmain","extern_uid":"uid=ada,ou=people"},{"provider":"saml","extern_uid":"ada@example.com"}]}},
        "meta":{"request_id":"c0ffee","took_ms":12}}
        """;

    /// <summary>The user document of the callback benchmarks: the GitLab API's user, flat.</summary>
    public const string User =
        """{"id":1001,"sub":"1001","username":"ada","name":"Ada Lovelace","email":"ada@example.com","avatar_url":"https://gitlab.example.com/uploads/ada.png","location":"London","bio":"Analyst","web_url":"https://gitlab.example.com/ada","state":"active"}""";

    public const string TokenResponse =
        $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":3600,"refresh_token":"benchmark-refresh-token"}""";

    public static string TokenResponseWithIdToken(string idToken) =>
        $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":3600,"id_token":"{{idToken}}"}""";

    /// <summary>
    /// The discovery document of <see cref="SigningKey.Issuer"/> (the endpoints AddOpenIdConnect is given statically),
    /// for a generic scheme with that Authority.
    /// </summary>
    public static readonly string Discovery = $$"""
        {"issuer":"{{SigningKey.Issuer}}","authorization_endpoint":"{{Schemes.InMemorySite}}/oauth2/authorize","token_endpoint":"{{Schemes.InMemorySite}}/oauth2/token",
        "userinfo_endpoint":"{{Schemes.InMemorySite}}/oauth2/userInfo","jwks_uri":"{{SigningKey.Issuer}}/.well-known/jwks.json","id_token_signing_alg_values_supported":["RS256"]}
        """;
}
