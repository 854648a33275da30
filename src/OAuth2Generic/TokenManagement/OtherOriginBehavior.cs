namespace OAuth2Generic;

/// <summary>What a token-attaching <c>HttpClient</c> does with a request to an origin its token is not for.</summary>
public enum OtherOriginBehavior
{
    /// <summary>The request is sent without the token (and without any <c>Authorization</c> the handler would add). The default.</summary>
    SendWithoutToken,

    /// <summary>The request is not sent: it fails with an <see cref="InvalidOperationException"/> that names the origin.</summary>
    Throw,
}
