namespace OAuth2Generic;

/// <summary>
/// The endpoints a scheme's configuration set (absolute once post-configured), which win over a discovery document's;
/// null where the configuration left one to discovery.
/// </summary>
internal sealed record ConfiguredEndpoints(string? Authorization, string? Token, string? UserInformation, string? EndSession, string? Revocation)
{
    /// <summary>Nothing configured.</summary>
    public static ConfiguredEndpoints None { get; } = new(null, null, null, null, null);
}
