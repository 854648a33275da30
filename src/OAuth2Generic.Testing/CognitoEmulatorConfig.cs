using OAuth2Generic.Testing.Config;

namespace OAuth2Generic.Testing;

/// <summary>
/// The emulator's JSON config file, the one the <c>cognito-emulator</c> tool reads (its JSON Schema is
/// <c>schemas/cognito-emulator.schema.json</c> in the repository): <c>{"port": 9229, "userPools": [{…}]}</c>, each pool
/// with its <c>userPoolId</c>, the <c>port</c> of its domain (for pools after the first), <c>clients</c>, <c>resourceServers</c>, <c>users</c>, <c>identityProviders</c>, lifetimes in
/// seconds and <c>preTokenGenerationUrl</c>. A .NET test can start the same pools in-process.
/// </summary>
public static class CognitoEmulatorConfig
{
    /// <summary>Reads a config file's text into the options of its user pools; the first carries the file's <c>port</c>.</summary>
    /// <param name="json">The file's text (comments and trailing commas allowed).</param>
    /// <returns>The options of each pool, in the file's order; start the first and add the others.</returns>
    /// <exception cref="CognitoEmulatorConfigException">A field is missing, of the wrong type, unknown or out of range; the message names it.</exception>
    public static IReadOnlyList<CognitoEmulatorOptions> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = ConfigNode.Parse(json, "");
        var port = root.Member("port") is { } portNode
            ? portNode.Element.ValueKind == System.Text.Json.JsonValueKind.Number && portNode.Element.TryGetInt32(out var value) && value is >= 0 and <= 65535 ? value : throw portNode.Error("must be a port number, 0 to 65535")
            : 0;
        var pools = root.Required("userPools").AsArray().Select(PoolConfigReader.ReadPool).ToList();
        if (pools.Count == 0)
        {
            throw root.Required("userPools").Error("must have at least one user pool");
        }

        root.EnsureRead();
        if (pools[0].Port != 0)
        {
            throw new CognitoEmulatorConfigException("userPools[0].port", "the first user pool's domain is the emulator's own port: set the top-level port instead");
        }

        pools[0].Port = port;
        return pools;
    }

    /// <summary>Reads one user pool, in the shape of an item of the config file's <c>userPools</c>.</summary>
    /// <param name="json">The pool's JSON.</param>
    /// <returns>Its options, for <see cref="CognitoEmulator.AddUserPoolAsync"/>.</returns>
    /// <exception cref="CognitoEmulatorConfigException">A field is missing, of the wrong type, unknown or out of range; the message names it.</exception>
    public static CognitoEmulatorOptions ParseUserPool(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return PoolConfigReader.ReadPool(ConfigNode.Parse(json, ""));
    }
}
