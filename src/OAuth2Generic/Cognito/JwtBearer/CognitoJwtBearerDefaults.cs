namespace OAuth2Generic.Cognito;

/// <summary>Default values of the Cognito access-token handler (<c>AddCognitoJwtBearer</c>).</summary>
public static class CognitoJwtBearerDefaults
{
    /// <summary>The default scheme name, <c>CognitoJwtBearer</c>.</summary>
    public const string AuthenticationScheme = "CognitoJwtBearer";

    /// <summary>How many validated tokens a scheme remembers by default (<see cref="CognitoJwtBearerOptions.ValidationCacheSize"/>).</summary>
    public const int ValidationCacheSize = 10_000;
}
