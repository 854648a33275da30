using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CsCheck;

namespace OAuth2Generic.Tests.UserResponse;

/// <summary>
/// Properties of the user-response mapper over random JSON documents and random paths (CsCheck): it never fails with
/// anything but its documented failure, and a value placed at a path is found at that path.
/// </summary>
public sealed class UserResponseMapperPropertyTests
{
    private const string Issuer = "issuer";

    // Keys that look like indexes ("0", "-1") are members of objects, never indexes: they are in the mix on purpose.
    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.Const("id"), Gen.Const("0"), Gen.Const("-1"), Gen.Const("1"), Gen.Const("name"), Gen.Const(string.Empty),
        Gen.String[Gen.Char["ab0-_:é\"\\ "], 1, 4]);

    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcXYZ 0-9é€\"\\/\n\t😀"], 0, 6];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Long.Select(number => number.ToString(CultureInfo.InvariantCulture)),
        Gen.Const("12345678901234567890"),
        Gen.Const("-0.5e3"),
        Text.Select(text => JsonSerializer.Serialize(text)),
        Gen.Const("true"),
        Gen.Const("false"),
        Gen.Const("null"));

    private static readonly Gen<string> Document = Gen.Recursive<string>((depth, self) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Key.ArrayUnique[0, 4].SelectMany(keys => self.Array[keys.Length].Select(values =>
                "{" + string.Join(",", keys.Zip(values, (key, value) => JsonSerializer.Serialize(key) + ":" + value)) + "}")))));

    // A step is a member name, or an array index as the configuration writes it (negative from the end).
    private static readonly Gen<string[]> Path = Gen.OneOf(Key, Gen.Int[-3, 3].Select(index => index.ToString(CultureInfo.InvariantCulture))).Array[0, 4];

    [Fact]
    public void Random_documents_and_paths_give_claims_or_the_documented_failure_and_nothing_else()
    {
        Gen.Select(Document, Path, Path, Path.Array[0, 3]).Sample(
            (json, rootPath, idPath, attributePaths) =>
        {
            using var document = JsonDocument.Parse(json);
            var structure = new UserResponseStructure
            {
                RootPath = UserResponsePath.Absolute(rootPath),
                IdPath = idPath.Length == 1 ? UserResponsePath.Relative(idPath[0]) : UserResponsePath.Absolute(idPath),
            };
            for (var i = 0; i < attributePaths.Length; i++)
            {
                structure.Attributes["attribute" + i] = UserResponsePath.Absolute(attributePaths[i]);
            }

            try
            {
                var claims = UserResponseMapper.Map(document.RootElement, structure, Issuer);
                Assert.Equal(ClaimTypes.NameIdentifier, claims[0].Type);
                Assert.NotEmpty(claims[0].Value);
            }
            catch (OAuth2GenericException exception)
            {
                Assert.Equal(SignInStep.ClaimsMapping, exception.Step);
            }
        });
    }

    [Fact]
    public void A_value_placed_at_a_path_is_found_at_that_path_and_can_be_the_id()
    {
        var placement = Gen.Select(Scalar.Where(scalar => scalar != "null"), Gen.OneOf(Key.Select(Step.Member), ArrayStep).Array[0, 5], Scalar);
        placement.Sample((value, steps, noise) =>
        {
            var json = value;
            foreach (var step in steps.Reverse())
            {
                json = step.Wrap(json, noise);
            }

            using var document = JsonDocument.Parse(json);
            var path = UserResponsePath.Absolute(steps.Select(step => step.Name));

            Assert.True(UserResponseMapper.TryResolve(document.RootElement, UserResponsePath.Empty, path, out var found));
            Assert.Equal(value, found.GetRawText());

            var structure = new UserResponseStructure { IdPath = path };
            structure.Attributes.Clear();
            if (found.ValueKind == JsonValueKind.Number || (found.ValueKind == JsonValueKind.String && found.GetString()!.Length > 0))
            {
                var id = Assert.Single(UserResponseMapper.Map(document.RootElement, structure, Issuer));
                Assert.Equal(found.ValueKind == JsonValueKind.String ? found.GetString() : value, id.Value);
            }
            else
            {
                Assert.Throws<OAuth2GenericException>(() => UserResponseMapper.Map(document.RootElement, structure, Issuer));
            }
        });
    }

    // An array of noise with the value at a random position, reached by a positive or a negative index.
    private static readonly Gen<Step> ArrayStep = Gen.Select(Gen.Int[0, 3], Gen.Int[1, 4], Gen.Bool)
        .Select((position, length, fromEnd) => Step.Index(position, position + length, fromEnd));

    private sealed record Step(string Name, Func<string, string, string> Wrap)
    {
        public static Step Member(string key) => new(
            key,
            (inner, noise) => "{" + JsonSerializer.Serialize(key == "other" ? "other2" : "other") + ":" + noise + "," + JsonSerializer.Serialize(key) + ":" + inner + "}");

        public static Step Index(int position, int length, bool fromEnd) => new(
            (fromEnd ? position - length : position).ToString(CultureInfo.InvariantCulture),
            (inner, noise) => "[" + string.Join(",", Enumerable.Range(0, length).Select(i => i == position ? inner : noise)) + "]");
    }
}
