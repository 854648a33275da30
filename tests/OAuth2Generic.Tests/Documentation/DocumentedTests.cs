using System.Reflection;
using System.Runtime.Loader;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// Runs the <c>[Fact]</c> methods of a compiled documentation example, so that an example test in the README is not only
/// well-typed but passes. A failing example throws, with the example's own assertion message.
/// </summary>
internal static class DocumentedTests
{
    /// <summary>Runs every fact of the assembly and returns their names.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(byte[] assembly)
    {
        var context = new AssemblyLoadContext("DocumentationExample", isCollectible: true);
        try
        {
            var loaded = context.LoadFromStream(new MemoryStream(assembly));
            var facts = loaded.GetTypes()
                .SelectMany(type => type.GetMethods().Select(method => (type, method)))
                .Where(test => test.method.GetCustomAttributes().Any(attribute => attribute.GetType().FullName == typeof(FactAttribute).FullName))
                .ToList();
            foreach (var (type, method) in facts)
            {
                var instance = method.IsStatic ? null : Activator.CreateInstance(type);
                try
                {
                    if (method.Invoke(instance, null) is Task task)
                    {
                        await task;
                    }
                }
                catch (TargetInvocationException failure) when (failure.InnerException is not null)
                {
                    throw new InvalidOperationException($"The documented test {type.Name}.{method.Name} failed: {failure.InnerException.Message}", failure.InnerException);
                }
                finally
                {
                    (instance as IDisposable)?.Dispose();
                }
            }

            return [.. facts.Select(test => $"{test.type.Name}.{test.method.Name}")];
        }
        finally
        {
            context.Unload();
        }
    }
}
