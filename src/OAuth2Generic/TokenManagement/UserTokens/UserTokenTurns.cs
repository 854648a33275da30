using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic;

/// <summary>
/// What one request knows of its session's tokens, and the turns its calls take at them (a page that calls several APIs
/// at once through an <c>AddUserAccessToken</c> client): the session's authentication properties are one object per
/// request, which a refresh changes and the cookie's sign-in writes out, so only one call at a time may touch them. The
/// request refreshes at most once, ends the session at most once, and writes the cookie once.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A SemaphoreSlim holds no operating-system handle unless AvailableWaitHandle is read; disposing it at the end of the request would fail a call that outlives the request.")]
internal sealed class UserTokenTurns
{
    // A request's features are not safe to change from two threads at once: they are read and set under one of these
    // (striped, so that requests seldom wait for each other, and no lock is taken on an object of the framework's).
    private static readonly Lock[] Locks = [.. Enumerable.Range(0, 32).Select(_ => new Lock())];

    // The turns this flow of execution holds: a call made while holding them (an IClaimsTransformation or cookie event
    // that asks for the user's token) would wait for itself.
    private static readonly AsyncLocal<UserTokenTurns?> Held = new();

    private readonly SemaphoreSlim _turn = new(1, 1);
    private List<string>? _redemptions;

    /// <summary>Whether this request has refreshed the session's tokens already (at the cookie's validation, or for a call).</summary>
    public bool Refreshed { get; set; }

    /// <summary>Whether this request has ended the session (its refresh token was refused): the cookie is removed once.</summary>
    public bool SessionEnded { get; set; }

    /// <summary>The redemptions whose kept results a sign-out in this request forgets, besides the one its cookie names.</summary>
    public IReadOnlyList<string> Redemptions => _redemptions ?? [];

    /// <summary>The turns of <paramref name="context"/>'s request, made at the first call.</summary>
    public static UserTokenTurns Of(HttpContext context)
    {
        lock (LockOf(context))
        {
            if (context.Features.Get<UserTokenTurns>() is { } turns)
            {
                return turns;
            }

            turns = new UserTokenTurns();
            context.Features.Set(turns);
            return turns;
        }
    }

    /// <summary>The turns of <paramref name="context"/>'s request, or null when no call has made them.</summary>
    public static UserTokenTurns? Find(HttpContext context)
    {
        lock (LockOf(context))
        {
            return context.Features.Get<UserTokenTurns>();
        }
    }

    /// <summary>Notes a redemption for a sign-out later in this request.</summary>
    public void Note(string key)
    {
        lock (_turn)
        {
            (_redemptions ??= []).Add(key);
        }
    }

    /// <summary>Waits for this call's turn; then <see cref="Enter"/>, in the caller's own method.</summary>
    /// <exception cref="InvalidOperationException">This flow of execution holds the turn already.</exception>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (ReferenceEquals(Held.Value, this))
        {
            throw new InvalidOperationException(
                "The user's access token was asked for while it was being read for this request (an IClaimsTransformation or a cookie event that calls " +
                "GetUserAccessTokenAsync or an AddUserAccessToken client): it would wait for itself. Ask for it outside authentication.");
        }

        return _turn.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The turn this call waited for, held until disposed. Not async on purpose: what it records of the holder flows into
    /// what the caller calls next, and no further.
    /// </summary>
    public Turn Enter()
    {
        Held.Value = this;
        return new Turn(this);
    }

    private static Lock LockOf(HttpContext context) => Locks[(RuntimeHelpers.GetHashCode(context) & int.MaxValue) % Locks.Length];

    /// <summary>One call's turn, ended when disposed.</summary>
    /// <param name="turns">The request's turns.</param>
    internal readonly struct Turn(UserTokenTurns turns) : IDisposable
    {
        public void Dispose()
        {
            Held.Value = null;
            turns._turn.Release();
        }
    }
}
