using System.Globalization;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// RFC 7519 §2's NumericDate: the seconds since 1970-01-01T00:00:00Z, possibly with a fraction, read from a payload (a finite number,
/// else no date) and compared with a clock exactly, as
/// <c>aws-jwt-verify</c> compares <c>exp</c> and <c>nbf</c> with <c>Date.now() / 1000</c>: an <c>nbf</c> half a second
/// after now is not yet valid, and an <c>exp</c> half a second after now still is.
/// </summary>
internal static class NumericDate
{
    // The seconds of the largest DateTime (9999-12-31T23:59:59.9999999Z) from the epoch, whole.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>The claim's seconds, or null when the payload has no such member (or it is no finite number).</summary>
    public static double? Read(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) ? FiniteNumber(value) : null;

    /// <summary>The value when it is a finite number (a NumericDate is read only then), else null.</summary>
    public static double? FiniteNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    /// <summary>Below zero, zero or above zero as the time is before, at or after <paramref name="instant"/>, exactly.</summary>
    public static int Compare(double seconds, DateTime instant)
    {
        // The whole seconds first, then the fraction against the ticks within the second: the fraction (seconds - whole)
        // is exact for any time from 1970 (Sterbenz's lemma), and FusedMultiplyAdd rounds its difference with the ticks
        // once, which keeps its sign. No double of seconds times ten million, which today's times would round.
        var sinceEpoch = instant.Ticks - DateTime.UnixEpoch.Ticks;
        var instantSeconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var ticks);
        if (ticks < 0)
        {
            instantSeconds--;
            ticks += TimeSpan.TicksPerSecond;
        }

        var whole = Math.Floor(seconds);
        if (whole != instantSeconds)
        {
            return whole < instantSeconds ? -1 : 1;
        }

        return Math.Sign(Math.FusedMultiplyAdd(seconds - whole, TimeSpan.TicksPerSecond, -ticks));
    }

    /// <summary>
    /// The time as a UTC <see cref="DateTime"/>, down to the tick below it and within what a DateTime holds: what a
    /// cache keeps until, and what a message shows (a check compares with <see cref="Compare"/>).
    /// </summary>
    public static DateTime ToDateTime(double seconds)
    {
        if (seconds <= 0)
        {
            return DateTime.UnixEpoch;
        }

        if (seconds >= MaxUnixSeconds + 1)
        {
            return DateTime.MaxValue;
        }

        var whole = Math.Floor(seconds);
        var ticks = (long)whole * TimeSpan.TicksPerSecond + (long)Math.Floor((seconds - whole) * TimeSpan.TicksPerSecond);
        return DateTime.UnixEpoch.AddTicks(Math.Min(ticks, DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks));
    }

    /// <summary>
    /// The latest a token's start (<c>nbf</c>, <c>iat</c>) may be at <paramref name="now"/>: now plus the skew, saturating
    /// (a skew of days next to a date near DateTime's ends is past what a DateTime holds).
    /// </summary>
    public static DateTime LatestStart(DateTime now, TimeSpan clockSkew) =>
        DateTime.MaxValue - now < clockSkew ? DateTime.MaxValue : now + clockSkew;

    /// <summary>The earliest a token's <c>exp</c> may be at <paramref name="now"/>: now less the skew, saturating.</summary>
    public static DateTime EarliestEnd(DateTime now, TimeSpan clockSkew) =>
        now - DateTime.MinValue < clockSkew ? DateTime.MinValue : now - clockSkew;

    /// <summary>The time for a message: <c>2023-11-14 22:13:20Z</c>, with its fraction when it has one (<c>22:13:20.75Z</c>).</summary>
    public static string Text(double seconds) =>
        ToDateTime(seconds).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";
}
