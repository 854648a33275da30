namespace OAuth2Generic.Tests.IdToken;

/// <summary>Changes to a token's claims before it is signed, written inline in the rows of the hostile-token tables.</summary>
internal static class ClaimsEdits
{
    /// <summary>The claims with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value)
    {
        claims[name] = value;
        return claims;
    }

    /// <summary>The claims without <paramref name="name"/>.</summary>
    public static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        claims.Remove(name);
        return claims;
    }
}
