namespace OAuth2Generic.Cognito;

/// <summary>Default values of the Cognito access-token handler (<c>AddCognitoJwtBearer</c>).</summary>
public static class CognitoJwtBearerDefaults
{
    /// <summary>The default scheme name, <c>CognitoJwtBearer</c>.</summary>
    public const string AuthenticationScheme = "CognitoJwtBearer";

    /// <summary>
    /// The memory a scheme's validated tokens may take by default, in bytes of their estimated size: 8 MiB
    /// (<see cref="CognitoJwtBearerOptions.ValidationCacheSizeLimit"/>).
    /// </summary>
    public const long ValidationCacheSizeLimit = 8L * 1024 * 1024;

    /// <summary>
    /// The longest token remembered by default, in characters (bytes) of the token: 8 KiB
    /// (<see cref="CognitoJwtBearerOptions.ValidationCacheMaxTokenSize"/>).
    /// </summary>
    public const int ValidationCacheMaxTokenSize = 8 * 1024;
}
