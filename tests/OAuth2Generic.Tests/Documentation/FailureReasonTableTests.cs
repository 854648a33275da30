using System.Reflection;
using System.Text.RegularExpressions;
using OAuth2Generic.Tests.Telemetry;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// The failure reasons check themselves: the tables of docs/observability.md and docs/troubleshooting.md list exactly
/// the constants of <see cref="OAuth2GenericFailureReasons"/>, and every reason listed is driven through a real failing
/// call by a test (<see cref="FailureReasonTests"/> for a sign-in's, <see cref="FailureReasonOutsideSignInTests"/> for the
/// others). A reason added without its rows, or without its test, fails here.
/// </summary>
public sealed partial class FailureReasonTableTests
{
    public static TheoryData<string> Documents => ["docs/observability.md", "docs/troubleshooting.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_failure_reason_table_lists_exactly_the_reason_constants(string document)
    {
        var documented = TableReasons(document);

        Assert.Equal(Constants().Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Equal(documented.Count, documented.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_documented_reason_is_produced_by_a_test_of_a_real_failing_call()
    {
        var driven = FailureReasonTests.Reasons.Concat(FailureReasonOutsideSignInTests.Reasons).Select(row => row.Data).ToHashSet(StringComparer.Ordinal);

        var undriven = TableReasons("docs/observability.md").Where(reason => !driven.Contains(reason)).ToList();

        Assert.True(undriven.Count == 0, $"No test drives these documented reasons: {string.Join(", ", undriven)}.");
    }

    /// <summary>The reasons in the first column of the table under the document's "## Failure reasons" heading.</summary>
    private static List<string> TableReasons(string document)
    {
        var lines = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, document)).ReplaceLineEndings("\n").Split('\n');
        var heading = Array.IndexOf(lines, "## Failure reasons");
        Assert.True(heading >= 0, $"{document} has no '## Failure reasons' heading.");
        var reasons = lines.Skip(heading + 1)
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => FirstCell().Match(line))
            .Select(match => Assert.IsType<Match>(match).Success ? match.Groups["reason"].Value : throw new InvalidOperationException($"A row of {document}'s table names no reason in its first cell."))
            .ToList();
        Assert.True(reasons.Count > 10, $"{document}'s failure-reason table was not found whole ({reasons.Count} rows).");
        return reasons;
    }

    private static IEnumerable<string> Constants() =>
        typeof(OAuth2GenericFailureReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

    [GeneratedRegex(@"^\|\s*`(?<reason>[a-z_]+)`\s*\|")]
    private static partial Regex FirstCell();
}
