using System.Reflection;
using System.Text.RegularExpressions;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Every test docs/security.md names as the proof of a guarantee exists in this assembly: a class (<c>Folder/ClassTests</c>,
/// declared in a file of that folder, or <c>ClassTests</c>), a method of it (<c>ClassTests.Method</c>), or a method named
/// on its own after a class on the same line (<c>…Method</c>, or a bare <c>Method_name</c>), which must be a test of
/// that class. A test renamed or removed without the page fails here.
/// </summary>
public sealed partial class SecurityTestNamesTests
{
    private const string Document = "docs/security.md";

    [Fact]
    public void Every_test_docs_security_md_names_exists_as_a_test()
    {
        var missing = new List<string>();
        var checkedNames = 0;
        foreach (var (line, number) in File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, Document)).ReplaceLineEndings("\n").Split('\n').Select((line, index) => (line, index + 1)))
        {
            Type? lastClass = null;
            foreach (Match span in CodeSpan().Matches(line))
            {
                var text = span.Groups["code"].Value;
                if (ClassReference().Match(text) is { Success: true } reference)
                {
                    checkedNames++;
                    lastClass = TestClass(reference.Groups["folder"].Value, reference.Groups["class"].Value);
                    if (lastClass is null)
                    {
                        missing.Add($"line {number}: class {text}");
                    }
                    else if (reference.Groups["method"].Success && !IsTest(lastClass, reference.Groups["method"].Value))
                    {
                        missing.Add($"line {number}: test {text}");
                    }
                }
                else if (MethodReference().Match(text) is { Success: true } method)
                {
                    checkedNames++;
                    var name = method.Groups["method"].Value;
                    if (lastClass is null ? !TestClasses.Any(type => IsTest(type, name)) : !IsTest(lastClass, name))
                    {
                        missing.Add($"line {number}: test {text} (of {lastClass?.Name ?? "any class"})");
                    }
                }
            }
        }

        Assert.True(checkedNames > 60, $"Only {checkedNames} test names were found in {Document}: the page or this test's reading of it changed.");
        Assert.True(missing.Count == 0, $"{Document} names tests that do not exist:\n{string.Join('\n', missing)}");
    }

    private static readonly Type[] TestClasses = [.. typeof(SecurityTestNamesTests).Assembly.GetTypes().Where(type => type.IsClass && type.Name.EndsWith("Tests", StringComparison.Ordinal))];

    // The class by its name, which is unique among the tests; a folder must hold the file that declares it (namespaces
    // do not always follow the folders).
    private static Type? TestClass(string folder, string name)
    {
        var candidates = TestClasses.Where(type => type.Name == name).ToList();
        if (candidates.Count != 1)
        {
            return null;
        }

        var declared = new Regex($@"\bclass {name}\b");
        var directory = Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "tests", "OAuth2Generic.Tests", folder);
        return folder.Length == 0
            || (Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.cs").Any(file => declared.IsMatch(File.ReadAllText(file))))
            ? candidates[0]
            : null;
    }

    private static bool IsTest(Type type, string method) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(candidate => candidate.Name == method && candidate.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    [GeneratedRegex("`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^(?:(?<folder>[A-Z][A-Za-z]+)/)?(?<class>[A-Z][A-Za-z0-9]*Tests)(?:\.(?<method>[A-Za-z0-9_]+))?$")]
    private static partial Regex ClassReference();

    // "…Method" (the method of the class named before it), or a method name on its own: three words or more joined by
    // underscores, as every test here is named (option and type names have none).
    [GeneratedRegex(@"^(?:…(?<method>[A-Za-z0-9_]+)|(?<method>[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){2,}))$")]
    private static partial Regex MethodReference();
}
