namespace OAuth2Generic;

/// <summary>
/// What a token request asks for (RFC 6749 §4-6): its <c>grant_type</c>, the grant's own form fields, and the step of
/// the sign-in a failure is reported at. One type per grant: the authorization code now; a refresh token or client
/// credentials are grants of their own.
/// </summary>
internal abstract class TokenGrant
{
    /// <summary>The <c>grant_type</c> form field.</summary>
    public abstract string GrantType { get; }

    /// <summary>The step a failed token request for this grant is reported at.</summary>
    public abstract FailureStep Step { get; }

    /// <summary>Which provider call a request for this grant is, for its span and metrics.</summary>
    public abstract ProviderCall Call { get; }

    /// <summary>Adds the grant's own fields to the form, and each secret among them to the request's secrets.</summary>
    public abstract void AddTo(List<KeyValuePair<string, string>> form, SentSecrets secrets);
}
