using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Runs one of the application's resolvers (<see cref="CognitoTenantResolver"/>, <see cref="CognitoPoolResolver"/>)
/// with a time limit: an answer, or a <see cref="ResolverFailure"/> once its exception or its slowness is logged.
/// </summary>
internal static class ResolverCall
{
    /// <exception cref="ResolverFailure">The resolver threw, or did not answer within <paramref name="timeout"/>.</exception>
    public static async Task<T?> RunAsync<T>(
        Func<CancellationToken, ValueTask<T?>> resolve, string key, TimeSpan timeout, TimeProvider time, ILogger logger, string scheme, string resolver)
        where T : class
    {
        // Not the request's abort: one answer serves every request that waits for the same key.
        using var limit = new CancellationTokenSource(timeout, time);
        try
        {
            // WaitAsync as well: a resolver that ignores its token must not hold the request past the limit.
            return await resolve(limit.Token).AsTask().WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && limit.IsCancellationRequested))
        {
            logger.ResolverTimedOut(scheme, resolver, key, timeout);
            throw new ResolverFailure($"The application's {resolver} did not answer within {timeout}.");
        }
        catch (Exception exception) when (exception is not ResolverFailure)
        {
            logger.ResolverFailed(scheme, resolver, key, exception);
            throw new ResolverFailure($"The application's {resolver} failed ({exception.GetType().Name}).");
        }
    }
}
