using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The user pools of one emulator, in the order they were added, and the routing of a request on the emulator's port to
/// one of them: a path <c>/{user pool id}/…</c> (the issuer's documents) goes to that pool with <c>PathBase</c> set to
/// <c>/{user pool id}</c>, so a hosted UI reached there builds its links and cookie paths under it; any other path goes to
/// the first pool, whose domain is the root. Every further pool's domain is the root of a port of its own.
/// </summary>
internal sealed class UserPoolSet(EmulatorClock clock, IPAddress address, Func<string> serverUrl) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CognitoEmulatorUserPool> _byId = new(StringComparer.Ordinal);
    private readonly List<WebApplication> _domains = [];
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private CognitoEmulatorUserPool[] _inOrder = [];

    public EmulatorClock Clock => clock;

    public IReadOnlyList<CognitoEmulatorUserPool> All => Volatile.Read(ref _inOrder);

    public CognitoEmulatorUserPool First => All[0];

    /// <exception cref="ArgumentException">The id is not <c>{region}_{id}</c>, another pool has it, or the pool's options are refused.</exception>
    public async Task<CognitoEmulatorUserPool> AddAsync(CognitoEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is null)
        {
            throw new ArgumentException($"UserPoolId '{options.UserPoolId}' is not a user pool id of the form {{region}}_{{id}}, such as us-east-1_Emulator1.", nameof(options));
        }

        var state = new EmulatorState(options, clock);
        var first = false;
        lock (_lock)
        {
            if (_byId.ContainsKey(options.UserPoolId) || _reserved.Contains(options.UserPoolId))
            {
                throw new ArgumentException($"The emulator already has a user pool '{options.UserPoolId}'.", nameof(options));
            }

            first = _inOrder.Length == 0 && _reserved.Count == 0;
            _reserved.Add(options.UserPoolId);
        }

        try
        {
            UserPool pool;
            if (first)
            {
                pool = new UserPool(state, serverUrl, serverUrl);
            }
            else if (options.SharePort)
            {
                // Reached through the routing of /{user pool id}/… on the emulator's port.
                pool = new UserPool(state, serverUrl, () => $"{serverUrl()}/{options.UserPoolId}");
            }
            else
            {
                string? domain = null;
                pool = new UserPool(state, serverUrl, () => domain!);
                var (app, url) = await EmulatorListener.StartAsync(
                    address, options.Port, context => pool.HandleAsync(context, context.Request.Path.Value ?? "/", underPoolPath: false), cancellationToken).ConfigureAwait(false);
                domain = url;
                lock (_lock)
                {
                    _domains.Add(app);
                }
            }

            var added = new CognitoEmulatorUserPool(pool);
            lock (_lock)
            {
                _byId.Add(options.UserPoolId, added);
                Volatile.Write(ref _inOrder, [.. _inOrder, added]);
            }

            return added;
        }
        finally
        {
            lock (_lock)
            {
                _reserved.Remove(options.UserPoolId);
            }
        }
    }

    public CognitoEmulatorUserPool? Find(string userPoolId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(userPoolId);
        }
    }

    public Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var end = path.IndexOf('/', 1);
        var segment = end < 0 ? path[1..] : path[1..end];
        if (segment.Length > 0 && Find(segment) is { } pool)
        {
            context.Request.PathBase = context.Request.PathBase.Add(new PathString("/" + segment));
            context.Request.Path = end < 0 ? PathString.Empty : new PathString(path[end..]);
            return pool.Pool.HandleAsync(context, end < 0 ? "" : path[end..], underPoolPath: true);
        }

        return First.Pool.HandleAsync(context, path, underPoolPath: false);
    }

    public async ValueTask DisposeAsync()
    {
        List<WebApplication> domains;
        lock (_lock)
        {
            domains = [.. _domains];
        }

        foreach (var app in domains)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var pool in All)
        {
            pool.Pool.Dispose();
        }
    }
}
