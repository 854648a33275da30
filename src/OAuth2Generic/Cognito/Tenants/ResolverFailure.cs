namespace OAuth2Generic.Cognito;

/// <summary>
/// The application's resolver threw or was too slow, already logged: the request is refused with a clear answer, never
/// a 500. The message names what failed, not the resolver's own message.
/// </summary>
/// <param name="message">Which resolver failed, and how.</param>
internal sealed class ResolverFailure(string message) : Exception(message);
