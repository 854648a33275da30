namespace OAuth2Generic;

/// <summary>
/// Where the user's id and attributes are in the user document: the Ruby strategy's <c>user_response_structure</c>
/// (configuration section <c>UserResponseStructure</c>).
/// </summary>
public sealed class UserResponseStructure
{
    private readonly UserResponseAttributes _attributes = CreateDefaultAttributes();
    private UserResponseMapper.Plan? _plan;

    /// <summary>The ten OmniAuth info keys, each mapped by default to a member of the same name.</summary>
    public static IReadOnlyList<string> InfoKeys { get; } =
        ["name", "email", "nickname", "first_name", "last_name", "location", "description", "image", "phone", "urls"];

    /// <summary>
    /// The path from the document root to the user object, which relative paths start from. Default: the root
    /// itself. A single key (<c>"user"</c>) is a one-step path.
    /// </summary>
    public UserResponsePath RootPath { get; set; } = UserResponsePath.Empty;

    /// <summary>
    /// The path to the user's id, which becomes <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>.
    /// Default <c>"id"</c> (relative to <see cref="RootPath"/>). A missing, null, empty, boolean or non-scalar id
    /// fails the sign-in.
    /// </summary>
    public UserResponsePath IdPath { get; set; } = UserResponsePath.Relative("id");

    /// <summary>
    /// Claim key to path. The ten OmniAuth keys are mapped by default to members of the same name; an entry replaces
    /// one mapping and keeps the others, and removing an entry removes that mapping. Keys that are not OmniAuth keys
    /// become claims of that type verbatim (for example <c>role</c>).
    /// </summary>
    public IDictionary<string, UserResponsePath> Attributes => _attributes;

    /// <summary>The attributes compiled for the mapper: claim types looked up once, not at every sign-in.</summary>
    internal UserResponseMapper.Plan Plan
    {
        get
        {
            var plan = _plan;
            if (plan is null || plan.Version != _attributes.Version)
            {
                _plan = plan = UserResponseMapper.Plan.Create(_attributes);
            }

            return plan;
        }
    }

    private static UserResponseAttributes CreateDefaultAttributes()
    {
        var attributes = new UserResponseAttributes();
        foreach (var key in InfoKeys)
        {
            attributes[key] = UserResponsePath.Relative(key);
        }

        return attributes;
    }
}
