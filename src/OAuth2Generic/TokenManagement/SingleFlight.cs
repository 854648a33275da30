using System.Collections.Concurrent;

namespace OAuth2Generic;

/// <summary>
/// One piece of work per key at a time: callers that ask for a key while its work runs wait for the same task. Used by
/// both token kinds, so that a busy application makes one token request (or one refresh) where many calls need it.
/// </summary>
/// <remarks>
/// The work runs apart from every caller: it starts after a yield, on no caller's cancellation token, so that one
/// caller's abort (its request ended) never fails the others waiting for it; a caller stops waiting with
/// <see cref="Task.WaitAsync(CancellationToken)"/>. When the work ends it removes its own entry and no other, so a later
/// flight under the same key is never taken out by an earlier one.
/// </remarks>
/// <typeparam name="TResult">What the work brings.</typeparam>
internal sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TResult>>> _flights = new(StringComparer.Ordinal);

    /// <summary>Whether work under <paramref name="key"/> is running now.</summary>
    public bool IsRunning(string key) => _flights.ContainsKey(key);

    /// <summary>The task of the work under <paramref name="key"/>: the running one, or <paramref name="work"/> started now.</summary>
    /// <param name="key">What the work is for.</param>
    /// <param name="state">What the work needs, passed on so that no closure is made per call.</param>
    /// <param name="work">The work; it runs once however many callers ask meanwhile.</param>
    public Task<TResult> RunAsync<TState>(string key, TState state, Func<TState, Task<TResult>> work)
    {
        Lazy<Task<TResult>>? mine = null;
        mine = new Lazy<Task<TResult>>(() => RunApartAsync(key, state, work, mine!));
        return _flights.GetOrAdd(key, mine).Value;
    }

    private async Task<TResult> RunApartAsync<TState>(string key, TState state, Func<TState, Task<TResult>> work, Lazy<Task<TResult>> self)
    {
        try
        {
            await Task.Yield();
            return await work(state);
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Lazy<Task<TResult>>>(key, self));
        }
    }
}
