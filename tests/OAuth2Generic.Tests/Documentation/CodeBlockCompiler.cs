using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Compiles a C# example in memory as the <c>Program.cs</c> of a <c>Microsoft.NET.Sdk.Web</c> project would be: top-level
/// statements, the Web SDK's implicit usings, nullable on, warnings counted as errors (as in this repository), against
/// the running test's assemblies (ASP.NET Core's, OAuth2Generic.dll, OAuth2Generic.Testing.dll and xunit's among them).
/// A block marked <c>kind=xunit</c> is a test class instead, compiled as a library so that its tests can be run.
/// </summary>
internal static class CodeBlockCompiler
{
    // The Web SDK's implicit global usings (Microsoft.NET.Sdk.Web.ProjectSystem.props).
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>The errors and warnings of compiling the block, each with the Markdown file and line it comes from.</summary>
    public static IReadOnlyList<string> Diagnose(MarkdownCodeBlock block) => Compile(block).Problems;

    /// <summary>The compiled assembly's bytes (null when it did not compile) and the problems, as <see cref="Diagnose"/> gives them.</summary>
    public static (byte[]? Assembly, IReadOnlyList<string> Problems) Compile(MarkdownCodeBlock block)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var program = CSharpSyntaxTree.ParseText(block.Text, parseOptions, path: block.File, encoding: System.Text.Encoding.UTF8);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, path: "ImplicitUsings.g.cs");
        var compilation = CSharpCompilation.Create(
            "DocumentationExample",
            [usings, program],
            References.Value,
            new CSharpCompilationOptions(
                block.Attribute("kind") == "xunit" ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var result = compilation.Emit(output, cancellationToken: TestContext.Current.CancellationToken);
        var problems = result.Diagnostics
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)

            // The implicit usings are all global: an example that needs only some of them is not wrong.
            .Where(diagnostic => diagnostic.Location.SourceTree == program || diagnostic.Location == Location.None)
            .Select(diagnostic =>
            {
                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                return $"{block.File}:{block.Line + line}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })
            .ToList();
        return (result.Success && problems.Count == 0 ? output.ToArray() : null, problems);
    }

    private static List<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var package = typeof(OAuth2GenericOptions).Assembly.Location;
        return platform
            .Where(path => !string.Equals(Path.GetFileName(path), Path.GetFileName(package), StringComparison.OrdinalIgnoreCase))
            .Append(package)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }
}
