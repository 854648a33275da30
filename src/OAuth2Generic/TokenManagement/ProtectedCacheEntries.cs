using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic;

/// <summary>
/// Entries of the application's <see cref="IDistributedCache"/> that hold tokens, so that the other servers can use
/// them: JSON, protected by Data Protection before it leaves the process, never a token in the clear and never a token
/// as a key. Both token kinds share them (a refresh's result, a client-credentials token).
/// </summary>
/// <remarks>
/// Each entry is protected with the kind's purpose and then its own key: an entry copied under another key (another
/// client, another session) does not unprotect there. A server with another key ring cannot read an entry, and a cache
/// that fails is no failure of the call: every operation reports what went wrong through <c>failed</c> (for the log)
/// and goes on as if the entry were not there, and the server does the work on its own.
/// </remarks>
/// <typeparam name="T">What an entry holds.</typeparam>
internal sealed class ProtectedCacheEntries<T>
    where T : class
{
    private readonly IDistributedCache _cache;
    private readonly IDataProtector _protector;
    private readonly JsonTypeInfo<T> _json;
    private readonly Action<ProtectedCacheOperation, Exception> _failed;

    private ProtectedCacheEntries(IDistributedCache cache, IDataProtector protector, JsonTypeInfo<T> json, Action<ProtectedCacheOperation, Exception> failed)
    {
        (_cache, _protector, _json, _failed) = (cache, protector, json, failed);
    }

    /// <summary>The entries of one kind, or null when the application has no distributed cache (one server).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="purpose">The Data Protection purpose of the kind, with its version (<c>OAuth2Generic.Refresh.v1</c>).</param>
    /// <param name="json">The entry's JSON contract, made at build time.</param>
    /// <param name="failed">Told of every operation the cache or the key ring failed, for the log.</param>
    public static ProtectedCacheEntries<T>? For(
        IServiceProvider services, string purpose, JsonTypeInfo<T> json, Action<ProtectedCacheOperation, Exception> failed) =>
        services.GetService<IDistributedCache>() is { } cache
            ? new(cache, services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose), json, failed)
            : null;

    /// <summary>The cache itself, for what needs no protection (a lease's random mark).</summary>
    public IDistributedCache Cache => _cache;

    /// <summary>The entry under <paramref name="key"/>; null when there is none or it cannot be read.</summary>
    public async Task<T?> ReadAsync(string key)
    {
        try
        {
            return await _cache.GetAsync(key) is { } stored
                ? JsonSerializer.Deserialize(_protector.CreateProtector(key).Unprotect(stored), _json)
                : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The cache is down, or the entry was protected with another key ring, or is of another version.
            _failed(ProtectedCacheOperation.Read, exception);
            return null;
        }
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="lifetime"/> from now.</summary>
    public async Task WriteAsync(string key, T value, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            // Relative to now: the cache expires entries by its own clock, which need not be the application's.
            var protectedValue = _protector.CreateProtector(key).Protect(JsonSerializer.SerializeToUtf8Bytes(value, _json));
            await _cache.SetAsync(key, protectedValue, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _failed(ProtectedCacheOperation.Write, exception);
        }
    }

    /// <summary>Removes the entry under <paramref name="key"/>, if there is one.</summary>
    public async Task RemoveAsync(string key)
    {
        try
        {
            await _cache.RemoveAsync(key);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // It expires on its own.
            _failed(ProtectedCacheOperation.Remove, exception);
        }
    }
}
