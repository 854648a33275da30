namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Every code block of README.md and docs/ that says it is complete (<c>```csharp complete</c>, <c>```json complete</c>)
/// compiles or binds, so the examples cannot rot. The convention is written down in docs/configuration.md.
/// </summary>
public sealed class CompleteCodeBlockTests
{
    public static TheoryData<string> DocumentationFiles() => [.. MarkdownCodeBlocks.DocumentationFiles()];

    [Theory]
    [MemberData(nameof(DocumentationFiles))]
    public void Every_complete_CSharp_example_compiles_against_the_package(string file)
    {
        var problems = MarkdownCodeBlocks.Read(file)
            .Where(block => block.IsComplete && block.Language is "csharp" or "cs" or "c#")
            .SelectMany(CodeBlockCompiler.Diagnose)
            .ToList();

        Assert.True(problems.Count == 0, "Complete C# examples that do not compile:\n" + string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(DocumentationFiles))]
    public void Every_complete_JSON_example_parses_and_binds_its_options_section(string file)
    {
        var problems = MarkdownCodeBlocks.Read(file)
            .Where(block => block.IsComplete && block.Language is "json" or "jsonc")
            .SelectMany(DocumentedSettings.Diagnose)
            .ToList();

        Assert.True(problems.Count == 0, "Complete JSON examples that do not bind:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_README_quick_starts_are_complete_examples()
    {
        var blocks = MarkdownCodeBlocks.Read("README.md");

        Assert.Contains(blocks, block => block.IsComplete && block.Language == "csharp" && block.Text.Contains(".AddOAuth2Generic(", StringComparison.Ordinal));
        Assert.Contains(blocks, block => block.IsComplete && block.Language == "csharp" && block.Text.Contains(".AddCognito(", StringComparison.Ordinal));
        Assert.Contains(blocks, block => block.IsComplete && block.Attribute("handler") == DocumentedSettings.CognitoHandler);
        Assert.Contains(blocks, block => block.IsComplete && block.Language == "csharp" && block.Text.Contains(".AddCognitoJwtBearer(", StringComparison.Ordinal));
        Assert.Contains(blocks, block => block.IsComplete && block.Attribute("handler") == DocumentedSettings.CognitoJwtBearerHandler);
        Assert.Contains(blocks, block => block.IsComplete && block.Language == "csharp" && block.Text.Contains(".AddCognitoClientCredentialsToken(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_READMEs_xunit_example_compiles_and_its_tests_pass()
    {
        var block = Assert.Single(MarkdownCodeBlocks.Read("README.md"), block => block.IsComplete && block.Attribute("kind") == "xunit");
        var (assembly, problems) = CodeBlockCompiler.Compile(block);
        Assert.True(assembly is not null, "The README's xunit example does not compile:\n" + string.Join('\n', problems));

        var ran = await DocumentedTests.RunAsync(assembly);

        Assert.NotEmpty(ran);
    }

    [Fact]
    public void A_broken_example_is_reported_with_its_file_and_line()
    {
        var broken = new MarkdownCodeBlock("docs/example.md", 40, "csharp", ["complete"], "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddAuthentication().AddOAuth2Generik(\"x\", _ => { });\n");
        var wrongKey = new MarkdownCodeBlock(
            "docs/example.md", 50, "json", ["complete", "section=Authentication:Idp", $"handler={DocumentedSettings.OAuth2GenericHandler}"],
            """{ "Authentication": { "Idp": { "ClientId": "id", "ClientSecret": "secret", "ClientOptions": { "Site": "https://idp.example.com", "UserInfoUrl": "/me", "AuthScheme": "Basic" } } } }""");

        Assert.Contains("docs/example.md:41: error CS1061", Assert.Single(CodeBlockCompiler.Diagnose(broken)), StringComparison.Ordinal);
        Assert.Contains("ClientOptions:AuthScheme", Assert.Single(DocumentedSettings.Diagnose(wrongKey)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_in_an_example_is_reported()
    {
        var misspelt = new MarkdownCodeBlock(
            "docs/example.md", 60, "json", ["complete", "section=Authentication:Cognito", $"handler={DocumentedSettings.CognitoHandler}"],
            """{ "Authentication": { "Cognito": { "Domain": "https://myapp.auth.eu-west-1.amazoncognito.com", "Region": "eu-west-1", "ClientId": "id", "ClientSecret": "secret", "SaveTokenz": true } } }""");

        Assert.Contains("'Authentication:Cognito:SaveTokenz' is not a key", Assert.Single(DocumentedSettings.Diagnose(misspelt)), StringComparison.Ordinal);
    }
}
