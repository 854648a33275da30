namespace OAuth2Generic.Tests;

internal static class ClaimAssert
{
    /// <summary>The claims are exactly these type-value pairs, in any order.</summary>
    public static void Exactly(IEnumerable<(string Type, string Value)> expected, IEnumerable<ClaimRecord>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Order(), actual.Select(claim => (claim.Type, claim.Value)).Order());
    }
}
