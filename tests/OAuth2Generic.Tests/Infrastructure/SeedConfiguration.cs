using System.Text;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic.Tests;

/// <summary>Loads a provider entry from <c>Data/</c> as JSON configuration, with the fake provider's URL as its site.</summary>
internal static class SeedConfiguration
{
    public static IConfiguration Load(string fileName, string providerUrl)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", fileName)).Replace("{PROVIDER}", providerUrl, StringComparison.Ordinal);
        return FromJson(json);
    }

    public static IConfiguration FromJson(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
