using System.Buffers;

namespace OAuth2Generic;

/// <summary>
/// Reads a response body up to a limit without buffering more than the limit, so a huge body fails fast instead of
/// filling memory (HttpClient's own buffer limit applies only to buffered reads).
/// </summary>
internal static class BoundedContentReader
{
    private const int InitialBufferLimit = 64 * 1024;

    /// <summary>
    /// The limits the reader takes are below this: it needs room for one byte more than the limit, in one array, to see
    /// that a body is larger rather than cut it short.
    /// </summary>
    public static int LimitBound => Array.MaxLength;

    /// <summary>
    /// Reads the whole body, or returns null as soon as it is known to be larger than <paramref name="limit"/> bytes.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limit, LimitBound);
        var declaredLength = content.Headers.ContentLength;
        if (declaredLength > limit)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // Content-Length only sizes the first buffer up to a modest bound: it is the provider's word, not a fact.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(declaredLength ?? 4096, limit) + 1, InitialBufferLimit));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)buffer.Length * 2, (long)limit + 1), Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }

            // The caller parses the body into a JsonDocument, which keeps a reference to the memory it is given;
            // a right-sized copy lets the pooled buffer go back at once.
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
