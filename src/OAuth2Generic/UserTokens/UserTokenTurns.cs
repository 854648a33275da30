using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic;

/// <summary>
/// The calls of one request that need the user's token take turns (a page that calls several APIs at once through an
/// <c>AddUserAccessToken</c> client): the session's authentication properties are one object per request, which a refresh
/// changes and the cookie's sign-in writes out, so only one call at a time may touch them. The request makes at most one
/// refresh, and writes the cookie once.
/// </summary>
internal sealed class UserTokenTurns : IDisposable
{
    // A request's features are not safe to change from two threads at once: the first turn of a request is made under
    // one of these (striped, so that requests seldom wait for each other, and no lock is taken on an object of the
    // framework's).
    private static readonly Lock[] Creation = [.. Enumerable.Range(0, 32).Select(_ => new Lock())];

    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Whether this request has refreshed the session's tokens already (at the cookie's validation, or for a call).</summary>
    public bool Refreshed { get; set; }

    /// <summary>The turns of <paramref name="context"/>'s request.</summary>
    public static UserTokenTurns Of(HttpContext context)
    {
        lock (Creation[(RuntimeHelpers.GetHashCode(context) & int.MaxValue) % Creation.Length])
        {
            var features = context.Features;
            if (features.Get<UserTokenTurns>() is { } turns)
            {
                return turns;
            }

            turns = new UserTokenTurns();
            features.Set(turns);
            context.Response.RegisterForDispose(turns);
            return turns;
        }
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>Waits for this call's turn; dispose the result to end it.</summary>
    public async ValueTask<Turn> TakeAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    /// <summary>One call's turn, ended when disposed.</summary>
    internal readonly struct Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}
