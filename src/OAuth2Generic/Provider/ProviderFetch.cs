namespace OAuth2Generic;

/// <summary>
/// The kept copy of something a provider publishes (its discovery document, its signing keys), and its fetches: one at a
/// time, run apart from the callers so that it serves every request that waits and no request's cancellation ends it;
/// no attempt sooner than <c>RefreshInterval</c> after the last; the last failure kept, to be reported again until the
/// next attempt may start. The owner decides, holding <see cref="Gate"/>, when to fetch and what a caller gets meanwhile.
/// </summary>
/// <typeparam name="T">What is fetched.</typeparam>
/// <param name="refreshInterval">The shortest time between two attempts.</param>
internal sealed class ProviderFetch<T>(TimeSpan refreshInterval)
    where T : class
{
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>Held while the members below are read or a fetch is started.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The last copy fetched, or null before the first good fetch.</summary>
    public T? Current { get; private set; }

    /// <summary>When the fetch that brought <see cref="Current"/> started.</summary>
    public DateTimeOffset FetchedAt { get; private set; }

    /// <summary>The fetch under way, or null.</summary>
    public Task<T>? Running { get; private set; }

    /// <summary>The last fetch's failure, or null when it succeeded.</summary>
    public OAuth2GenericException? LastFailure { get; private set; }

    /// <summary>Whether a fetch may start now: none is under way and the last began <c>RefreshInterval</c> ago or more.</summary>
    public bool MayStart(DateTimeOffset now) => Running is null && now - _lastAttempt >= refreshInterval;

    /// <summary>Starts a fetch; the caller holds <see cref="Gate"/> and has seen <see cref="MayStart"/>.</summary>
    /// <param name="now">The caller's clock reading, which becomes <see cref="FetchedAt"/> when the fetch succeeds.</param>
    /// <param name="download">Fetches and reads the copy; its failures are <see cref="OAuth2GenericException"/>s.</param>
    /// <param name="failed">Told of a failed fetch (to log it), before it is kept.</param>
    public Task<T> Start(DateTimeOffset now, Func<Task<T>> download, Action<OAuth2GenericException> failed)
    {
        _lastAttempt = now;
        var running = Task.Run(() => RunAsync(now, download, failed));
        Running = running;

        // Observed even when no request waits for it any more (a background refresh, every waiter cancelled).
        running.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return running;
    }

    /// <summary>A copy of a kept failure: one object rethrown by many requests would pile up their stack traces.</summary>
    public static OAuth2GenericException Copy(OAuth2GenericException failure) =>
        new(failure.Step, failure.Message) { IsTransient = failure.IsTransient, Reason = failure.Reason };

    private async Task<T> RunAsync(DateTimeOffset startedAt, Func<Task<T>> download, Action<OAuth2GenericException> failed)
    {
        try
        {
            var fetched = await download();
            lock (Gate)
            {
                Current = fetched;
                FetchedAt = startedAt;
                LastFailure = null;
            }

            return fetched;
        }
        catch (OAuth2GenericException exception)
        {
            failed(exception);
            lock (Gate)
            {
                LastFailure = exception;
            }

            throw;
        }
        finally
        {
            // Whatever ended the fetch: a fetch left marked as running would be awaited by every request from then on.
            lock (Gate)
            {
                Running = null;
            }
        }
    }
}
