using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Properties of one challenge to Cognito: the authorize parameters that <see cref="CognitoOptions"/> sets for every
/// sign-in, overridden for this one (for example a "Sign in with Google" button that skips the hosted UI).
/// </summary>
public class CognitoChallengeProperties : OAuthChallengeProperties
{
    /// <summary>The authorize parameter <c>identity_provider</c>.</summary>
    public static readonly string IdentityProviderKey = "identity_provider";

    /// <summary>The authorize parameter <c>idp_identifier</c>.</summary>
    public static readonly string IdpIdentifierKey = "idp_identifier";

    /// <summary>The authorize parameter <c>lang</c>.</summary>
    public static readonly string LangKey = "lang";

    /// <summary>The authorize parameter <c>login_hint</c>.</summary>
    public static readonly string LoginHintKey = "login_hint";

    /// <summary>The authorize parameter <c>prompt</c>.</summary>
    public static readonly string PromptKey = "prompt";

    /// <summary>Creates empty properties.</summary>
    public CognitoChallengeProperties()
    {
    }

    /// <summary>Creates properties with the given items.</summary>
    /// <param name="items">The state values.</param>
    public CognitoChallengeProperties(IDictionary<string, string?> items)
        : base(items)
    {
    }

    /// <summary>Creates properties with the given items and parameters.</summary>
    /// <param name="items">The state values.</param>
    /// <param name="parameters">The parameters.</param>
    public CognitoChallengeProperties(IDictionary<string, string?> items, IDictionary<string, object?> parameters)
        : base(items, parameters)
    {
    }

    /// <summary>
    /// The identity provider to send the user to directly, skipping the hosted UI: <c>Google</c>,
    /// <c>Facebook</c>, <c>LoginWithAmazon</c>, <c>SignInWithApple</c>, <c>COGNITO</c>, or a SAML or OIDC provider's name.
    /// </summary>
    public string? IdentityProvider
    {
        get => GetParameter<string>(IdentityProviderKey);
        set => SetParameter(IdentityProviderKey, value);
    }

    /// <summary>An identifier (for example an email domain) that Cognito maps to a SAML or OIDC identity provider.</summary>
    public string? IdpIdentifier
    {
        get => GetParameter<string>(IdpIdentifierKey);
        set => SetParameter(IdpIdentifierKey, value);
    }

    /// <summary>The language of the hosted UI, for example <c>fr</c>.</summary>
    public string? Lang
    {
        get => GetParameter<string>(LangKey);
        set => SetParameter(LangKey, value);
    }

    /// <summary>The user name to fill in on the hosted UI's sign-in form.</summary>
    public string? LoginHint
    {
        get => GetParameter<string>(LoginHintKey);
        set => SetParameter(LoginHintKey, value);
    }

    /// <summary>The <c>prompt</c> parameter, for example <c>login</c> to ask for credentials again.</summary>
    public string? Prompt
    {
        get => GetParameter<string>(PromptKey);
        set => SetParameter(PromptKey, value);
    }
}
