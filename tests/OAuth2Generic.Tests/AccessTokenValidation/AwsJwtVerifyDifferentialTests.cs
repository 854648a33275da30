using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OAuth2Generic.Cognito;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests;

/// <summary>
/// <c>AddCognitoJwtBearer</c> side by side with AWS's own verifier, <c>aws-jwt-verify</c> 5.2.1 (npm, pinned in
/// <c>tests/aws-jwt-verify</c>), on every token of <see cref="DifferentialTokens"/>: the same pool, the same keys, one
/// clock, no network. The two agree on every token but those listed in <see cref="DocumentedDifferences"/>, each a token
/// the package refuses and AWS accepts, for the reason the README's table gives.
/// </summary>
public sealed class AwsJwtVerifyDifferentialTests
{
    /// <summary>
    /// Each token on which the package's verdict differs from <c>aws-jwt-verify</c>'s, with the README sentence that says
    /// why the package refuses it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DocumentedDifferences = Differences(
        (Padding, ["padding after the signature", "padding after the header", "padding after the payload", "the signature's last character with unused bits set", "the payload's last character with unused bits set"]),
        (Size, ["a token of 300,000 characters"]),
        (Duplicates, ["a repeated sub", "a repeated custom claim with the same value", "a repeated header member"]),
        (InvalidUtf8, ["invalid UTF-8 in a custom claim"]),
        (LoneSurrogate, ["a lone surrogate in a custom claim"]),
        (Depth, ["a claim nested 70 arrays deep"]),
        (WeakKey, ["kid of the pool's 1024-bit key"]),
        (Critical, ["a crit header"]),
        (NoExp, ["exp missing"]),
        (AuthTime, ["auth_time null", "auth_time an object", "auth_time true", "auth_time a string", "auth_time 1e400", "auth_time -1e400", "auth_time an array"]),
        (RolesAndName,
        [
            "username null", "username an object", "username true", "username a number", "username an array",
            "cognito:groups null", "cognito:groups an object", "cognito:groups true", "cognito:groups a number", "cognito:groups a string",
            "cognito:groups an array holding a number", "cognito:groups an array holding null", "cognito:groups an array holding an array",
            "an id token with cognito:username a number", "an id token with cognito:username null", "an id token with cognito:groups a string",
        ]));

    // The README's sentences, in its table "AddCognitoJwtBearer does what AWS's aws-jwt-verify does, check by check".
    private const string Padding = "Refused: `=` padding, and a last character whose unused bits are set.";
    private const string Size = "Refused: a token over 256,000 characters.";
    private const string Duplicates = "Refused: a member twice (RFC 7519 §4 lets a parser refuse it), since two readers would read it two ways: a validly signed token with two `sub`s names two users.";
    private const string InvalidUtf8 = "Refused: invalid UTF-8 (RFC 8259 §8.1), which a lenient decoder turns into U+FFFD, so that two different signed tokens would give the same claims.";
    private const string LoneSurrogate = "Refused: an escape that is no character (a lone surrogate, RFC 8259 §8.2), which .NET's JSON reader cannot read as text.";
    private const string Depth = "Refused: nesting deeper than 64 levels (System.Text.Json's default), a bound on the reader's work that no Cognito claim comes near.";
    private const string WeakKey = "Refused: a token signed by an RSA key under 2048 bits, even one the pool publishes (NIST SP 800-131A, RFC 7518 §3.3).";
    private const string Critical = "Refused: a `crit` header, since RFC 7515 §4.1.11 requires a recipient to refuse extensions it does not understand, and this package understands none.";
    private const string NoExp = "Refused: a token without `exp`, which would never expire: Cognito writes `exp` in every token, RFC 9068 §2.2 requires it of JWT access tokens, and the validation cache keeps a token until its `exp`.";
    private const string AuthTime = "Refused: `auth_time` other than a finite number, a NumericDate in OpenID Connect Core §2 that Cognito always writes as one.";
    private const string RolesAndName = "Refused: `cognito:groups` other than an array of strings, or `username` or `cognito:username` other than a string.";

    [Fact]
    public async Task The_package_agrees_with_aws_jwt_verify_on_every_token_but_the_documented_stricter_ones()
    {
        var tokens = DifferentialTokens.All();

        var aws = await AwsJwtVerify.VerifyAsync(DifferentialTokens.Now, DifferentialTokens.UserPoolId, [DifferentialTokens.ClientId], DifferentialTokens.Jwks, tokens);
        var ours = await VerdictsAsync(tokens);

        // Both verifiers see the pool as it is: Cognito's own tokens pass both, so an agreement is not two refusals of everything.
        foreach (var name in new[] { "an access token as Cognito issues it", "an id token as Cognito issues it" })
        {
            Assert.True(aws[name].Accepted, $"aws-jwt-verify refuses {name}: {aws[name].Reason}");
            Assert.True(ours[name].Accepted, $"The package refuses {name}: {ours[name].Reason}");
        }

        var differences = tokens.Where(token => ours[token.Name].Accepted != aws[token.Name].Accepted).Select(token => token.Name).ToList();
        var unlisted = differences.Where(name => !DocumentedDifferences.ContainsKey(name)).ToList();
        var looser = differences.Where(name => ours[name].Accepted).ToList();
        var stale = DocumentedDifferences.Keys.Where(name => !differences.Contains(name)).ToList();
        var report = new StringBuilder()
            .AppendLine(Summary(tokens.Count, differences.Count))
            .AppendLine(Describe("Differences not listed with their README sentence", unlisted, ours, aws))
            .AppendLine(Describe("Tokens the package accepts and aws-jwt-verify refuses", looser, ours, aws))
            .AppendLine(Describe("Listed differences the two no longer have", stale, ours, aws));
        Assert.True(unlisted.Count == 0 && looser.Count == 0 && stale.Count == 0, report.ToString());
    }

    [Fact]
    public void Every_listed_difference_is_a_sentence_of_the_README()
    {
        var readme = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "README.md")).ReplaceLineEndings(" ");

        Assert.All(DocumentedDifferences, difference => Assert.Contains(difference.Value, readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_listed_difference_names_a_token_of_the_set()
    {
        var names = DifferentialTokens.All().Select(token => token.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(DocumentedDifferences.Keys, name => Assert.Contains(name, names));
        Assert.Equal(names.Count, DifferentialTokens.All().Count);
    }

    // The package's verdicts: each token in the Authorization header of a request of its own, authenticated by an
    // AddCognitoJwtBearer scheme of the pool (by UserPoolId, so its issuer is Cognito's) whose keys come from memory.
    private static async Task<Dictionary<string, TokenVerdict>> VerdictsAsync(IReadOnlyList<DifferentialToken> tokens)
    {
        var clock = new FakeTimeProvider(DifferentialTokens.Now);
        var jwks = StaticJwks.For(DifferentialTokens.Issuer, DifferentialTokens.Jwks);
        void Configure(CognitoJwtBearerOptions options, CognitoTokenUse tokenUse)
        {
            options.UserPoolId = DifferentialTokens.UserPoolId;
            options.ClientIds = [DifferentialTokens.ClientId];
            options.TokenUse = tokenUse;
            options.TimeProvider = clock;
            options.BackchannelHttpHandler = jwks;
            options.ValidationCacheSizeLimit = 0;
        }

        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication()
            .AddCognitoJwtBearer("access", options => Configure(options, CognitoTokenUse.Access))
            .AddCognitoJwtBearer("id", options => Configure(options, CognitoTokenUse.Id));
        await using var provider = services.BuildServiceProvider();
        var verdicts = new Dictionary<string, TokenVerdict>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            await using var scope = provider.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Headers.Authorization = "Bearer " + token.Token;
            var result = await context.AuthenticateAsync(token.TokenUse);
            verdicts.Add(token.Name, new TokenVerdict(token.Name, result.Succeeded, result.Failure?.Message ?? (result.None ? "no token read" : string.Empty)));
        }

        return verdicts;
    }

    private static Dictionary<string, string> Differences(params (string Sentence, string[] Tokens)[] documented) =>
        documented.SelectMany(rule => rule.Tokens.Select(token => (token, rule.Sentence))).ToDictionary(pair => pair.token, pair => pair.Sentence, StringComparer.Ordinal);

    private static string Summary(int tokens, int differences) => $"{tokens} tokens, {differences} differences.";

    private static string Describe(string title, List<string> names, Dictionary<string, TokenVerdict> ours, IReadOnlyDictionary<string, TokenVerdict> aws) =>
        names.Count == 0
            ? $"{title}: none."
            : $"{title} ({names.Count}):{Environment.NewLine}" + string.Join(
                Environment.NewLine,
                names.Select(name => $"- {name}: the package {Verdict(ours[name])}; aws-jwt-verify {Verdict(aws[name])}"));

    private static string Verdict(TokenVerdict verdict) => verdict.Accepted ? "accepts" : $"refuses ({verdict.Reason})";
}
