namespace OAuth2Generic.Testing;

/// <summary>A config file of the emulator (or an admin API request body) that cannot be used: one problem, naming its field.</summary>
public sealed class CognitoEmulatorConfigException : Exception
{
    /// <summary>A problem with a field.</summary>
    /// <param name="field">The field's path, such as <c>userPools[0].clients[1].callbackUrls</c>.</param>
    /// <param name="problem">What is wrong with it, such as <c>must be an array</c>.</param>
    public CognitoEmulatorConfigException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>The field's path, such as <c>userPools[0].clients[1].callbackUrls</c>.</summary>
    public string Field { get; }
}
