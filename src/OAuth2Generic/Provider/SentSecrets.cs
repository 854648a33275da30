using System.Text.Encodings.Web;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// The secrets one provider request carries (the client secret and the Basic credential made from it, a code, a code
/// verifier, a token), and the replacement of each of them in text the provider sends back.
/// </summary>
/// <remarks>
/// A provider may echo what it received in its error: the form body as it arrived (form-encoded), a JSON document that
/// quotes it (JSON-escaped), or the Authorization header. Each form in which this package sends a value, and the usual
/// other spellings of it, is replaced, without regard to case, since percent-encoding and <c>\u</c> escapes have
/// upper- and lower-case spellings. Replacing a little too much is harmless; missing one form is a leak.
/// </remarks>
internal sealed class SentSecrets
{
    private const string Redacted = "[redacted]";

    // Most requests carry one to four; the array grows for more.
    private string[]? _values;
    private int _count;

    /// <summary>Adds a value the request carries; empty values are ignored.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _values ??= new string[4];
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _count * 2);
        }

        _values[_count++] = value;
    }

    /// <summary>The text with every form of every secret replaced by <c>[redacted]</c>.</summary>
    public string Redact(string text)
    {
        if (_values is null)
        {
            return text;
        }

        // The longest forms go first, so that a shorter one cannot break up a longer one before it is found.
        foreach (var form in _values.Take(_count).SelectMany(Spellings).Distinct(StringComparer.Ordinal).OrderByDescending(form => form.Length))
        {
            text = text.Replace(form, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    private static IEnumerable<string> Spellings(string value)
    {
        yield return value;

        // application/x-www-form-urlencoded as FormUrlEncodedContent writes it, as RFC 3986 percent-encoding, as
        // WebUtility writes it (which leaves !*() alone), and as QueryHelpers writes the access token into the user-info
        // URL (UrlEncoder.Default, which leaves $,;@!*() alone too).
        var escaped = Uri.EscapeDataString(value);
        yield return escaped;
        yield return escaped.Replace("%20", "+", StringComparison.Ordinal);
        yield return System.Net.WebUtility.UrlEncode(value);
        yield return UrlEncoder.Default.Encode(value);

        // JSON string contents: System.Text.Json's default escaping (+, <, >, &, ' and non-ASCII as \uXXXX), the relaxed
        // one, and the optional \/ of other writers.
        var json = JsonEncodedText.Encode(value).Value;
        yield return json;
        yield return JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        yield return json.Replace("/", "\\/", StringComparison.Ordinal);
    }
}
