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
    /// Whether the deadline in the properties has passed; the deadline is removed, so that it does not end up in the
    /// authentication cookie. Properties without one (a state made before deadlines) have none to pass.
    /// </summary>
    public static bool HasPassed(AuthenticationProperties properties, DateTimeOffset now)
    {
        if (!properties.Items.Remove(Key, out var deadline))
        {
            return false;
        }

        return long.TryParse(deadline, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && now.ToUnixTimeSeconds() > seconds;
    }
}
