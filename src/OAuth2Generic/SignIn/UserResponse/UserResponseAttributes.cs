using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace OAuth2Generic;

/// <summary>
/// The attribute map of a <see cref="UserResponseStructure"/>: a dictionary (keys without regard to case) that counts
/// its changes, so that the mapper's compiled form of it is made once and made again only after a change.
/// </summary>
internal sealed class UserResponseAttributes : IDictionary<string, UserResponsePath>
{
    private readonly Dictionary<string, UserResponsePath> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Changes with every write.</summary>
    public int Version { get; private set; }

    public ICollection<string> Keys => _entries.Keys;

    public ICollection<UserResponsePath> Values => _entries.Values;

    public int Count => _entries.Count;

    public bool IsReadOnly => false;

    public UserResponsePath this[string key]
    {
        get => _entries[key];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _entries[key] = value;
            Version++;
        }
    }

    public void Add(string key, UserResponsePath value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add(key, value);
        Version++;
    }

    public void Add(KeyValuePair<string, UserResponsePath> item) => Add(item.Key, item.Value);

    public bool Remove(string key)
    {
        Version++;
        return _entries.Remove(key);
    }

    public bool Remove(KeyValuePair<string, UserResponsePath> item)
    {
        Version++;
        return ((ICollection<KeyValuePair<string, UserResponsePath>>)_entries).Remove(item);
    }

    public void Clear()
    {
        _entries.Clear();
        Version++;
    }

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool Contains(KeyValuePair<string, UserResponsePath> item) => ((ICollection<KeyValuePair<string, UserResponsePath>>)_entries).Contains(item);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out UserResponsePath value) => _entries.TryGetValue(key, out value);

    public void CopyTo(KeyValuePair<string, UserResponsePath>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, UserResponsePath>>)_entries).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, UserResponsePath>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
