using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic;

/// <summary>
/// Carries a failure of the ticket's creation (user info, mapping) out of the framework's callback handling together
/// with the sign-in's properties, so that the failure keeps them (the return URL) as the framework's own token
/// failures do. The handler turns it back into the <see cref="OAuth2GenericException"/> it wraps; it never leaves it.
/// </summary>
internal sealed class TicketCreationFailure(OAuth2GenericException failure, AuthenticationProperties properties) : Exception(failure.Message, failure)
{
    public OAuth2GenericException Failure { get; } = failure;

    public AuthenticationProperties Properties { get; } = properties;
}
