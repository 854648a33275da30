using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The users of one user pool, by user name. A user is never changed in place: a change (a new password, an attribute,
/// a group) replaces the user with a changed copy, so a request that read the user before sees it whole, old or new.
/// </summary>
internal sealed class UserDirectory
{
    // Members that userInfo and the tokens write themselves; an attribute of the same name would make a duplicate.
    private static readonly string[] ReservedAttributes = ["sub", "username", "email", "email_verified", "phone_number", "phone_number_verified", "identities"];

    private readonly ConcurrentDictionary<string, CognitoEmulatorUser> _users = new(StringComparer.Ordinal);
    private readonly string _userPoolId;

    public UserDirectory(string userPoolId, IEnumerable<CognitoEmulatorUser> users)
    {
        _userPoolId = userPoolId;
        foreach (var user in users)
        {
            Add(user);
        }
    }

    /// <summary>Every user, federated ones included, as they are now.</summary>
    public IReadOnlyCollection<CognitoEmulatorUser> All => [.. _users.Values];

    /// <exception cref="ArgumentException">The user lacks a name or password, has a reserved attribute, or the name is taken.</exception>
    public CognitoEmulatorUser Add(CognitoEmulatorUser configured)
    {
        var user = Copy(configured, _userPoolId);
        if (!_users.TryAdd(user.Username, user))
        {
            throw new ArgumentException($"The user pool {_userPoolId} would have two users named '{user.Username}'.", nameof(configured));
        }

        return user;
    }

    /// <summary>The user with these credentials, or <see langword="null"/>; the password is compared in constant time.</summary>
    public CognitoEmulatorUser? Find(string? username, string? password)
    {
        if (username is null || password is null || !_users.TryGetValue(username, out var user))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Password), Encoding.UTF8.GetBytes(password)) ? user : null;
    }

    public CognitoEmulatorUser? FindByName(string username) => _users.TryGetValue(username, out var user) ? user : null;

    public CognitoEmulatorUser? FindBySub(string? sub) => _users.Values.FirstOrDefault(user => user.Sub == sub);

    /// <summary>The user as it is now: a code or refresh token made before a change gives tokens with the change, as Cognito's do.</summary>
    public CognitoEmulatorUser Current(CognitoEmulatorUser user) => FindByName(user.Username) ?? user;

    /// <exception cref="ArgumentException">There is no such user, or the change is refused (a reserved attribute name, an empty password).</exception>
    public CognitoEmulatorUser Change(string username, Action<CognitoEmulatorUser> change)
    {
        while (true)
        {
            if (!_users.TryGetValue(username, out var current))
            {
                throw new ArgumentException($"The user pool {_userPoolId} has no user '{username}'.", nameof(username));
            }

            var changed = Clone(current);
            change(changed);
            changed = Copy(changed, _userPoolId);
            if (_users.TryUpdate(username, changed, current))
            {
                return changed;
            }
        }
    }

    /// <summary>
    /// The user a federated sign-in makes or updates, as Cognito does: named <c>{provider}_{id}</c>, with the provider's
    /// attributes of this sign-in, the <c>identities</c> that link it to the provider, and membership of the group
    /// <c>{user pool id}_{provider}</c> next to any group it was added to since. It has no password: it signs in only
    /// through its provider.
    /// </summary>
    public CognitoEmulatorUser SignInFederated(FederatedIdentity identity, CognitoEmulatorFederatedUser providerUser)
    {
        var group = $"{_userPoolId}_{identity.ProviderName}";
        return _users.AddOrUpdate(
            identity.Username,
            _ => Copy(Federated(identity, providerUser, sub: null, [group]), _userPoolId),
            (_, existing) => Copy(
                Federated(existing.Federation ?? identity, providerUser, existing.Sub, [.. existing.Groups.Union([group], StringComparer.Ordinal)]),
                _userPoolId));
    }

    private static CognitoEmulatorUser Federated(FederatedIdentity identity, CognitoEmulatorFederatedUser providerUser, string? sub, IList<string> groups) => new()
    {
        Username = identity.Username,
        // Nobody knows it: the login form never signs a federated user in.
        Password = EmulatorState.NewOpaqueValue(),
        Sub = sub,
        Email = providerUser.Email,
        EmailVerified = providerUser.EmailVerified,
        Groups = groups,
        Attributes = new Dictionary<string, string>(providerUser.Attributes, StringComparer.Ordinal),
        Federation = identity,
    };

    /// <summary>A copy, for a change or for a caller outside the emulator, who may change it without changing the pool.</summary>
    public static CognitoEmulatorUser Clone(CognitoEmulatorUser user) => new()
    {
        Username = user.Username,
        Password = user.Password,
        Sub = user.Sub,
        Email = user.Email,
        EmailVerified = user.EmailVerified,
        PhoneNumber = user.PhoneNumber,
        PhoneNumberVerified = user.PhoneNumberVerified,
        Groups = [.. user.Groups],
        Attributes = new Dictionary<string, string>(user.Attributes, StringComparer.Ordinal),
        Federation = user.Federation,
    };

    private static CognitoEmulatorUser Copy(CognitoEmulatorUser user, string userPoolId)
    {
        if (string.IsNullOrEmpty(user.Username) || string.IsNullOrEmpty(user.Password))
        {
            throw new ArgumentException("Every emulator user needs a Username and a Password.", nameof(user));
        }

        foreach (var name in user.Attributes.Keys)
        {
            if (ReservedAttributes.Contains(name, StringComparer.Ordinal) || name.StartsWith("cognito:", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The emulator user '{user.Username}' has the attribute '{name}', which the emulator writes itself; use the user's own property (Sub, Email, PhoneNumber, Groups…).",
                    nameof(user));
            }
        }

        var copy = Clone(user);
        copy.Sub ??= StableSub(userPoolId, user.Username);
        return copy;
    }

    private static string StableSub(string userPoolId, string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userPoolId}/{username}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
