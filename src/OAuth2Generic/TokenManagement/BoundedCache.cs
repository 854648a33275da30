namespace OAuth2Generic;

/// <summary>
/// What is kept per user pool, tenant or client made at run time (a tenant's options, a pool's trust and signing keys, a
/// client's options), bounded by count: the least recently used entry leaves when a new one would pass the limit. One
/// creation per key at a time, however many requests ask for it; an entry older than its lifetime is made again, from
/// the one it replaces.
/// </summary>
/// <remarks>
/// Not <c>MemoryCache</c> with a size limit: it refuses a new entry while it is full and compacts in the background, so
/// a pool past the limit would be made (its keys fetched) on every request until the compaction ran, and what it evicts
/// first is chosen by priority rather than by use. A failed or null creation is not kept: the next request asks again.
/// </remarks>
/// <typeparam name="TValue">What is kept per key.</typeparam>
internal sealed class BoundedCache<TValue>
    where TValue : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);

    // Most recently used first.
    private readonly LinkedList<Entry> _order = new();
    private readonly int _sizeLimit;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private long _evictions;

    /// <param name="sizeLimit">How many entries are kept at most; at least 1.</param>
    /// <param name="lifetime">How long an entry is used before it is made again.</param>
    /// <param name="time">The clock of the lifetimes.</param>
    public BoundedCache(int sizeLimit, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeLimit, 1);
        _sizeLimit = sizeLimit;
        _lifetime = lifetime;
        _time = time;
    }

    /// <summary>How many entries left to make room for others since the cache was made.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>How many entries are kept now (made, or being made).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The keys and values kept now, most recently used first; entries still being made are left out.</summary>
    public IReadOnlyList<(string Key, TValue Value)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _order.Where(entry => entry.Made.IsCompletedSuccessfully && entry.Made.Result is not null).Select(entry => (entry.Key, entry.Made.Result!))];
        }
    }

    /// <summary>
    /// The value for <paramref name="key"/>: the one kept when it is younger than the lifetime, else the one
    /// <paramref name="create"/> makes (given the expired value it replaces, or null). The caller stops waiting when
    /// <paramref name="cancellationToken"/> fires; the creation itself goes on for the others.
    /// </summary>
    /// <returns>The value, or null when <paramref name="create"/> found none (not kept).</returns>
    public Task<TValue?> GetAsync(string key, Func<string, TValue?, Task<TValue?>> create, CancellationToken cancellationToken) =>
        GetAsync(key, create, static (key, previous, create) => create(key, previous), cancellationToken);

    /// <summary>As <see cref="GetAsync(string, Func{string, TValue, Task{TValue}}, CancellationToken)"/>, with the state
    /// <paramref name="create"/> needs passed in, so that a request that finds its entry allocates nothing.</summary>
    /// <returns>The value, or null when <paramref name="create"/> found none (not kept).</returns>
    public Task<TValue?> GetAsync<TState>(string key, TState state, Func<string, TValue?, TState, Task<TValue?>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        Entry entry;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                var kept = node.Value;
                if (!kept.Made.IsCompleted || now - kept.MadeAt < _lifetime)
                {
                    return kept.Made.IsCompleted ? kept.Made : kept.Made.WaitAsync(cancellationToken);
                }

                // Expired: made again from the value it replaces (a pool's keys survive a new answer of its resolver).
                var previous = kept.Made.IsCompletedSuccessfully ? kept.Made.Result : null;
                entry = new Entry(key, now, MakeAsync(key, previous, state, create));
                node.Value = entry;
            }
            else
            {
                entry = new Entry(key, now, MakeAsync(key, previous: null, state, create));
                _entries.Add(key, _order.AddFirst(entry));
                while (_entries.Count > _sizeLimit)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _entries.Remove(last.Value.Key);
                    _evictions++;
                }
            }
        }

        return entry.Made.IsCompleted ? entry.Made : entry.Made.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the entry of <paramref name="key"/>, so that the next request makes it again.</summary>
    public void Remove(string key)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var node))
            {
                _order.Remove(node);
            }
        }
    }

    private async Task<TValue?> MakeAsync<TState>(string key, TValue? previous, TState state, Func<string, TValue?, TState, Task<TValue?>> create)
    {
        // Off the caller's stack, so that the entry is in the dictionary before the creation can finish and forget it.
        await Task.Yield();
        TValue? value;
        try
        {
            value = await create(key, previous, state).ConfigureAwait(false);
        }
        catch
        {
            Forget(key);
            throw;
        }

        if (value is null)
        {
            Forget(key);
        }

        return value;
    }

    // Only the entry this creation made: a newer one for the same key stays.
    private void Forget(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && !node.Value.Made.IsCompletedSuccessfully)
            {
                _entries.Remove(key);
                _order.Remove(node);
            }
        }
    }

    private sealed record Entry(string Key, DateTimeOffset MadeAt, Task<TValue?> Made);
}
