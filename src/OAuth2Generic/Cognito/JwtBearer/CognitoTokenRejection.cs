namespace OAuth2Generic.Cognito;

/// <summary>
/// Why a bearer token was refused: a fixed sentence for the <c>error_description</c> of the <c>WWW-Authenticate</c>
/// answer (RFC 6750 §3), and the details for the log, made from the token's public members and cleaned.
/// </summary>
/// <remarks>
/// The answer's sentence names only the check that failed: nothing of the token (not even its kid or client_id, which
/// the sender chose) goes back into a header. The details are the message, for the log line.
/// </remarks>
internal sealed class CognitoTokenRejection(string description, string details) : Exception(details)
{
    /// <summary>The <c>error_description</c>: which check failed, in characters RFC 6750 allows.</summary>
    public string Description { get; } = description;

    /// <summary>Whether the API, not the token, is at fault (the pool's keys could not be fetched): answered 503, not 401.</summary>
    public bool IsServerProblem { get; init; }
}
