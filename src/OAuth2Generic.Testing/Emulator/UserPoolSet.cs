using Microsoft.AspNetCore.Http;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The user pools of one emulator, in the order they were added, and the routing of a request to one of them: a path
/// <c>/{user pool id}/…</c> goes to that pool with <c>PathBase</c> set to <c>/{user pool id}</c>, so its hosted UI builds
/// its links and cookie paths under it; any other path goes to the first pool, whose domain is also the root.
/// </summary>
internal sealed class UserPoolSet(EmulatorClock clock, Func<string> serverUrl) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CognitoEmulatorUserPool> _byId = new(StringComparer.Ordinal);
    private CognitoEmulatorUserPool[] _inOrder = [];

    public EmulatorClock Clock => clock;

    public IReadOnlyList<CognitoEmulatorUserPool> All => Volatile.Read(ref _inOrder);

    public CognitoEmulatorUserPool First => All[0];

    /// <exception cref="ArgumentException">The id is not <c>{region}_{id}</c>, another pool has it, or the pool's options are refused.</exception>
    public CognitoEmulatorUserPool Add(CognitoEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is null)
        {
            throw new ArgumentException($"UserPoolId '{options.UserPoolId}' is not a user pool id of the form {{region}}_{{id}}, such as us-east-1_Emulator1.", nameof(options));
        }

        var state = new EmulatorState(options, clock);
        lock (_lock)
        {
            if (_byId.ContainsKey(options.UserPoolId))
            {
                throw new ArgumentException($"The emulator already has a user pool '{options.UserPoolId}'.", nameof(options));
            }

            var pool = new CognitoEmulatorUserPool(new UserPool(state, serverUrl, atRoot: _inOrder.Length == 0));
            _byId.Add(options.UserPoolId, pool);
            Volatile.Write(ref _inOrder, [.. _inOrder, pool]);
            return pool;
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

    public void Dispose()
    {
        foreach (var pool in All)
        {
            pool.Pool.Dispose();
        }
    }
}
