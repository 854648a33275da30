using System.Globalization;

namespace OAuth2Generic;

/// <summary>
/// The one reading of a token answer's <c>expires_in</c> and the one renewal rule, for both token kinds: a refreshed
/// user token and a client-credentials token expire, and are renewed, by the same arithmetic.
/// </summary>
internal static class TokenLifetime
{
    // Bounded by a year: a hostile or broken expires_in would overflow the times made from it.
    private const long MaxSeconds = 365L * 24 * 3600;

    /// <summary>
    /// How long a token lives by its <c>expires_in</c> (RFC 6749 §5.1: a count of seconds, which the framework reads as
    /// text), at most a year; null when the answer has none, or one that is not a positive whole number.
    /// </summary>
    public static TimeSpan? FromExpiresIn(string? expiresIn) =>
        long.TryParse(expiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxSeconds))
            : null;

    /// <summary>
    /// When a token that lives <paramref name="lifetime"/> from <paramref name="now"/> stops being handed out:
    /// <paramref name="before"/> ahead of its expiry, so that no call carries a token that expires on the way; a token
    /// that lives less than twice that is renewed at half its life, so that it is used at all.
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset now, TimeSpan lifetime, TimeSpan before) =>
        now + lifetime - (lifetime >= 2 * before ? before : lifetime / 2);
}
