using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace OAuth2Generic;

/// <summary>
/// The parameters of an authorize URL (RFC 6749 §4.1.1), each sent once (§3.1): a later source replaces an earlier
/// one instead of adding a second value.
/// </summary>
internal sealed class AuthorizeRequest
{
    private readonly string _endpoint;
    private readonly Dictionary<string, StringValues> _parameters = new(12, StringComparer.Ordinal);

    /// <summary>
    /// The authorize request of a challenge: <c>response_type</c>, <c>client_id</c>, <c>redirect_uri</c>, the scope, then
    /// the other sources, later ones replacing earlier ones: the authorize URL's own query, the framework's
    /// <c>AdditionalAuthorizationParameters</c>, <c>AuthorizeParams</c> (whose scope counts only when Scope is left at its
    /// default: see <see cref="AuthorizeScope"/>), then the challenge's own.
    /// </summary>
    public static AuthorizeRequest ForChallenge(
        OAuth2GenericOptions options, AuthenticationProperties properties, string redirectUri, string scope, Func<ICollection<string>, string> formatScope)
    {
        var request = new AuthorizeRequest(options.AuthorizationEndpoint);
        request["response_type"] = "code";
        request["client_id"] = options.ClientId;
        request["redirect_uri"] = redirectUri;
        if (scope.Length > 0)
        {
            request[OAuthChallengeProperties.ScopeKey] = scope;
        }

        request.SetAll(options.AdditionalAuthorizationParameters);
        request.SetAll(options.AuthorizeParams, except: AuthorizeScope.IsFromAuthorizeParams(options) ? null : OAuthChallengeProperties.ScopeKey);
        request.ApplyChallengeParameters(properties.Parameters, formatScope);
        return request;
    }

    /// <summary>Starts from the endpoint, whose own query (if any) gives the first parameters.</summary>
    public AuthorizeRequest(string authorizationEndpoint)
    {
        var queryStart = authorizationEndpoint.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            _endpoint = authorizationEndpoint;
            return;
        }

        foreach (var (name, values) in QueryHelpers.ParseQuery(authorizationEndpoint[queryStart..]))
        {
            _parameters[name] = values;
        }

        _endpoint = authorizationEndpoint[..queryStart];
    }

    /// <summary>The endpoint without its query, for log lines.</summary>
    public string Endpoint => _endpoint;

    /// <summary>Sets a parameter, replacing any value it had.</summary>
    public StringValues this[string name]
    {
        set => _parameters[name] = value;
    }

    /// <summary>Sets each parameter but <paramref name="except"/>, replacing any value it had.</summary>
    public void SetAll(IEnumerable<KeyValuePair<string, string>> parameters, string? except = null)
    {
        foreach (var (name, value) in parameters)
        {
            if (name != except)
            {
                _parameters[name] = value;
            }
        }
    }

    /// <summary>
    /// Applies a challenge's <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties.Parameters"/>:
    /// a scope collection is the scope; a string replaces the parameter, and an empty one withdraws it (a default
    /// identity provider, say). Values of other types are the application's own and not sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">A parameter names one the handler owns.</exception>
    public void ApplyChallengeParameters(IDictionary<string, object?> parameters, Func<ICollection<string>, string> formatScope)
    {
        foreach (var (name, value) in parameters)
        {
            if (name == OAuthChallengeProperties.ScopeKey && value is ICollection<string> scopes)
            {
                _parameters[name] = formatScope(scopes);
            }
            else if (value is string text)
            {
                if (ProtocolParameters.Authorize.Contains(name))
                {
                    throw new InvalidOperationException(
                        $"The authorize parameter '{name}' is set by the handler and cannot be passed in AuthenticationProperties.Parameters.");
                }

                if (text.Length == 0)
                {
                    _parameters.Remove(name);
                }
                else
                {
                    _parameters[name] = text;
                }
            }
        }
    }

    /// <summary>
    /// RFC 7636 §4.1-4.2: a 256-bit verifier, kept in the protected state for the token request, and its S256 challenge
    /// in the request.
    /// </summary>
    public void AddPkceChallenge(AuthenticationProperties properties)
    {
        var codeVerifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        properties.Items[OAuthConstants.CodeVerifierKey] = codeVerifier;
        this[OAuthConstants.CodeChallengeKey] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
        this[OAuthConstants.CodeChallengeMethodKey] = OAuthConstants.CodeChallengeMethodS256;
    }

    /// <summary>The URL. An empty scope means none: some servers refuse <c>scope=</c>.</summary>
    public string ToUrl()
    {
        if (_parameters.TryGetValue(OAuthChallengeProperties.ScopeKey, out var scope) && StringValues.IsNullOrEmpty(scope))
        {
            _parameters.Remove(OAuthChallengeProperties.ScopeKey);
        }

        // Encoded as QueryHelpers.AddQueryString encodes (UrlEncoder.Default), but written once at its final length: a
        // StringBuilder would grow through several buffers for a URL that carries the protected state.
        var encoded = new List<(string Name, string Value)>(_parameters.Count + 2);
        var length = _endpoint.Length;
        foreach (var (name, values) in _parameters)
        {
            var encodedName = UrlEncoder.Default.Encode(name);
            foreach (var value in values)
            {
                var encodedValue = UrlEncoder.Default.Encode(value ?? string.Empty);
                encoded.Add((encodedName, encodedValue));
                length += 2 + encodedName.Length + encodedValue.Length;
            }
        }

        var anchor = _endpoint.IndexOf('#', StringComparison.Ordinal);
        return string.Create(length, (Endpoint: _endpoint, Anchor: anchor, Parameters: encoded), static (url, state) =>
        {
            var (endpoint, anchor, parameters) = state;
            var path = anchor < 0 ? endpoint.AsSpan() : endpoint.AsSpan(0, anchor);
            path.CopyTo(url);
            var position = path.Length;
            var separator = '?';
            foreach (var (name, value) in parameters)
            {
                url[position++] = separator;
                separator = '&';
                name.CopyTo(url[position..]);
                position += name.Length;
                url[position++] = '=';
                value.CopyTo(url[position..]);
                position += value.Length;
            }

            if (anchor >= 0)
            {
                endpoint.AsSpan(anchor).CopyTo(url[position..]);
            }
        });
    }
}
