using System.Collections.Concurrent;

namespace OAuth2Generic;

/// <summary>
/// Keeps an in-memory store of the token core bounded: once it holds more than 10,000 entries, the expired ones are
/// removed, in a full pass at most once per 10 seconds, so that a store of live entries past the bound does not make
/// every insert a scan.
/// </summary>
internal sealed class ExpiredEntryPruner
{
    private const int PruneAbove = 10_000;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(10);

    private long _nextPrune;

    /// <summary>Removes the entries of <paramref name="entries"/> whose time (<paramref name="until"/>) has passed, when due.</summary>
    public void PruneIfDue<TValue>(ConcurrentDictionary<string, TValue> entries, Func<TValue, DateTimeOffset> until, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPrune);
        if (entries.Count <= PruneAbove || now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPrune, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (until(entry.Value) <= now)
            {
                entries.TryRemove(entry);
            }
        }
    }
}
