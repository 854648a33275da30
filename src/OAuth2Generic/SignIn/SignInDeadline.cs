using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic;

/// <summary>
/// When a sign-in's protected state stops being good. The framework lets only the correlation cookie's lifetime (the
/// browser's word) bound how late a callback may come; the state itself also says it, so that a callback replayed
/// hours later fails on the server.
/// </summary>
internal static class SignInDeadline
{
    // Unix seconds under a short key: the state travels in every authorize URL.
    private const string Key = ".deadline";

    /// <summary>Writes the deadline into the properties that the state protects.</summary>
    public static void Write(AuthenticationProperties properties, DateTimeOffset deadline) =>
        properties.Items[Key] = deadline.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The deadline in the properties, taken out of them so that it does not end up in the authentication cookie; null
    /// for properties without one (a state made before deadlines).
    /// </summary>
    public static DateTimeOffset? Take(AuthenticationProperties properties) =>
        properties.Items.Remove(Key, out var deadline) ? Parse(deadline) : null;

    /// <summary>The deadline in the properties, left in them; null when they have none.</summary>
    public static DateTimeOffset? Read(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(Key, out var deadline) ? Parse(deadline) : null;

    /// <summary>The failure of a sign-in whose deadline has passed; null while it has not.</summary>
    public static OAuth2GenericException? Expired(DateTimeOffset? deadline, TimeSpan timeout, DateTimeOffset now) =>
        HasPassed(deadline, now)
            ? new OAuth2GenericException(FailureStep.Callback, $"The sign-in took longer than RemoteAuthenticationTimeout ({timeout}): its state has expired.")
            {
                Reason = OAuth2GenericFailureReasons.StateExpired,
            }
            : null;

    // Whether the deadline has passed, by whole seconds as it was written; no deadline has none to pass.
    private static bool HasPassed(DateTimeOffset? deadline, DateTimeOffset now) =>
        deadline is { } due && now.ToUnixTimeSeconds() > due.ToUnixTimeSeconds();

    private static DateTimeOffset? Parse(string? deadline) =>
        long.TryParse(deadline, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
