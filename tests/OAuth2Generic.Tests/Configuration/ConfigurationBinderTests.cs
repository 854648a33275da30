using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>Binding from configuration: the options' own names and the Ruby/GitLab shape alike.</summary>
public sealed class ConfigurationBinderTests
{
    [Fact]
    public void The_PascalCase_shape_binds_every_option()
    {
        var options = Bind("""
            {
              "ClientId": "id", "ClientSecret": "secret",
              "Scope": ["openid", "email"],
              "CallbackPath": "/signin-idp", "RedirectUrl": "https://app.example/signin-idp",
              "UsePkce": false, "SaveTokens": true, "BackchannelTimeout": "00:00:07", "BackchannelMaxResponseSize": 2048,
              "ClaimsIssuer": "issuer", "AccessDeniedPath": "/denied", "SignInScheme": "Cookies",
              "ClientOptions": { "Site": "https://idp.example", "AuthorizeUrl": "/a", "TokenUrl": "/t", "UserInfoUrl": "/u", "AuthScheme": "RequestBody" },
              "UserResponseStructure": { "RootPath": ["data"], "IdPath": "uid", "Attributes": { "nickname": "login" } },
              "AuthorizeParams": { "prompt": "consent" },
              "TokenParams": { "resource": "api" },
              "AuthTokenParams": { "Mode": "Query", "ParamName": "oauth_token" },
              "CorrelationCookie": { "SameSite": "Lax" }
            }
            """);

        Assert.Equal("id", options.ClientId);
        Assert.Equal("secret", options.ClientSecret);
        Assert.Equal(["openid", "email"], options.Scope);
        Assert.Equal(new PathString("/signin-idp"), options.CallbackPath);
        Assert.Equal("https://app.example/signin-idp", options.RedirectUrl);
        Assert.False(options.UsePkce);
        Assert.True(options.SaveTokens);
        Assert.Equal(TimeSpan.FromSeconds(7), options.BackchannelTimeout);
        Assert.Equal(2048, options.BackchannelMaxResponseSize);
        Assert.Equal("issuer", options.ClaimsIssuer);
        Assert.Equal(new PathString("/denied"), options.AccessDeniedPath);
        Assert.Equal("Cookies", options.SignInScheme);
        Assert.Equal("https://idp.example", options.ClientOptions.Site);
        Assert.Equal(("/a", "/t", "/u"), (options.ClientOptions.AuthorizeUrl, options.ClientOptions.TokenUrl, options.ClientOptions.UserInfoUrl));
        Assert.Equal(ClientAuthScheme.RequestBody, options.ClientOptions.AuthScheme);
        Assert.Equal(UserResponsePath.Absolute("data"), options.UserResponseStructure.RootPath);
        Assert.Equal(UserResponsePath.Relative("uid"), options.UserResponseStructure.IdPath);
        Assert.Equal(UserResponsePath.Relative("login"), options.UserResponseStructure.Attributes["nickname"]);
        Assert.Equal("consent", options.AuthorizeParams["prompt"]);
        Assert.Equal("api", options.TokenParams["resource"]);
        Assert.Equal(AuthTokenMode.Query, options.AuthTokenParams.Mode);
        Assert.Equal("oauth_token", options.AuthTokenParams.ParamName);
        Assert.Equal(SameSiteMode.Lax, options.CorrelationCookie.SameSite);
    }

    [Fact]
    public void The_GitLab_shape_binds_app_id_app_secret_and_the_strategy_options_under_args()
    {
        var options = Bind("""
            {
              "name": "oauth2_generic", "label": "Provider", "app_id": "id", "app_secret": "secret",
              "args": {
                "scope": "openid profile email",
                "client_options": { "site": "https://idp.example", "user_info_url": "/me", "auth_scheme": "request_body" },
                "user_response_structure": { "root_path": "user", "id_path": ["user", "uid"], "attributes": { "nickname": "username" } },
                "authorize_params": { "scope": "read_user" },
                "token_params": { "audience": "api" },
                "redirect_url": "https://app.example/cb",
                "pkce": true,
                "auth_token_params": { "mode": "header", "header_format": "token %s" },
                "strategy_class": "OmniAuth::Strategies::OAuth2Generic",
                "gitlab_username_claim": "nickname"
              }
            }
            """);

        Assert.Equal("id", options.ClientId);
        Assert.Equal("secret", options.ClientSecret);
        Assert.Equal(["openid", "profile", "email"], options.Scope);
        Assert.Equal("https://idp.example", options.ClientOptions.Site);
        Assert.Equal("/me", options.ClientOptions.UserInfoUrl);
        Assert.Equal(ClientAuthScheme.RequestBody, options.ClientOptions.AuthScheme);
        Assert.Equal(UserResponsePath.Absolute("user"), options.UserResponseStructure.RootPath);
        Assert.Equal(UserResponsePath.Absolute("user", "uid"), options.UserResponseStructure.IdPath);
        Assert.Equal("read_user", options.AuthorizeParams["scope"]);
        Assert.Equal("api", options.TokenParams["audience"]);
        Assert.Equal("https://app.example/cb", options.RedirectUrl);
        Assert.True(options.UsePkce);
        Assert.Equal("token {0}", options.AuthTokenParams.HeaderFormat);
    }

    [Fact]
    public void Attributes_merge_over_the_ten_defaults_and_an_empty_value_removes_one()
    {
        var options = Bind("""{ "UserResponseStructure": { "Attributes": { "nickname": "username", "image": "", "urls": [], "role": ["meta", "role"] } } }""");

        var attributes = options.UserResponseStructure.Attributes;
        Assert.Equal(UserResponsePath.Relative("username"), attributes["nickname"]);
        Assert.False(attributes.ContainsKey("image"));
        Assert.False(attributes.ContainsKey("urls"));
        Assert.Equal(UserResponsePath.Absolute("meta", "role"), attributes["role"]);
        Assert.Equal(UserResponsePath.Relative("email"), attributes["email"]);
        Assert.Equal(9, attributes.Count);
    }

    [Fact]
    public void Attribute_keys_with_a_colon_are_put_back_together()
    {
        // Microsoft.Extensions.Configuration splits these keys at every ':'.
        var options = Bind("""
            {
              "args": {
                "user_response_structure": {
                  "attributes": {
                    "cognito:groups": "cognito:groups",
                    "custom:team": ["profile", "custom:team"],
                    "urn:example:role": "role",
                    "custom:gone": "",
                    "nickname": "username"
                  }
                }
              }
            }
            """);

        var attributes = options.UserResponseStructure.Attributes;
        Assert.Equal(UserResponsePath.Relative("cognito:groups"), attributes["cognito:groups"]);
        Assert.Equal(UserResponsePath.Absolute("profile", "custom:team"), attributes["custom:team"]);
        Assert.Equal(UserResponsePath.Relative("role"), attributes["urn:example:role"]);
        Assert.Equal(UserResponsePath.Relative("username"), attributes["nickname"]);
        Assert.False(attributes.ContainsKey("custom:gone"));
        Assert.DoesNotContain(attributes.Keys, key => key is "cognito" or "custom" or "urn");
        Assert.Equal(13, attributes.Count);
    }

    [Fact]
    public void A_nested_object_under_Attributes_is_a_key_with_colons_as_configuration_keys_are()
    {
        // The same configuration as "cognito:groups", or Attributes__cognito__groups in the environment.
        var nested = Bind("""{ "UserResponseStructure": { "Attributes": { "cognito": { "groups": "cognito:groups" }, "a": "x", "a:b": ["y", "z"], "image": "", "image:small": "thumb" } } }""");
        var fromEnvironment = new OAuth2GenericOptions();
        OAuth2GenericConfigurationBinder.Bind(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["UserResponseStructure:Attributes:cognito:groups"] = "cognito:groups",
            }).Build(),
            fromEnvironment);

        Assert.Equal(UserResponsePath.Relative("cognito:groups"), nested.UserResponseStructure.Attributes["cognito:groups"]);
        Assert.Equal(UserResponsePath.Relative("x"), nested.UserResponseStructure.Attributes["a"]);
        Assert.Equal(UserResponsePath.Absolute("y", "z"), nested.UserResponseStructure.Attributes["a:b"]);
        Assert.False(nested.UserResponseStructure.Attributes.ContainsKey("image"));
        Assert.Equal(UserResponsePath.Relative("thumb"), nested.UserResponseStructure.Attributes["image:small"]);
        Assert.Equal(UserResponsePath.Relative("cognito:groups"), fromEnvironment.UserResponseStructure.Attributes["cognito:groups"]);
    }

    [Theory]
    [InlineData("""{ "UserResponseStructure": { "Attributes": { "email": [["a"]] } } }""", "UserResponseStructure:Attributes:email")]
    [InlineData("""{ "UserResponseStructure": { "Attributes": { "email": ["a", { "b": "c" }] } } }""", "UserResponseStructure:Attributes:email")]
    [InlineData("""{ "UserResponseStructure": { "Attributes": { "custom:team": ["a", ["b"]] } } }""", "UserResponseStructure:Attributes:custom:team")]
    [InlineData("""{ "UserResponseStructure": { "Attributes": { "role": ["a"], "role:x": "b" } } }""", "UserResponseStructure:Attributes:role")]
    public void An_attribute_path_that_is_neither_a_string_nor_a_list_of_strings_fails_naming_its_key(string json, string key)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Bind(json));

        Assert.Equal($"Configuration value '{key}' must be a string or a list of strings.", exception.Message);
    }

    [Fact]
    public void An_empty_list_is_the_empty_path_never_a_path_of_one_empty_step()
    {
        var options = Bind("""{ "user_response_structure": { "root_path": [], "id_path": [] } }""");

        Assert.Same(UserResponsePath.Empty, options.UserResponseStructure.RootPath);
        Assert.Same(UserResponsePath.Empty, options.UserResponseStructure.IdPath);
    }

    [Fact]
    public void A_list_scope_replaces_the_default_instead_of_appending()
    {
        var options = new OAuth2GenericOptions();
        options.Scope.Add("default");

        OAuth2GenericConfigurationBinder.Bind(SeedConfiguration.FromJson("""{ "Scope": ["a", "b"] }"""), options);

        Assert.Equal(["a", "b"], options.Scope);
    }

    [Fact]
    public void PascalCase_wins_over_snake_case_and_the_top_level_over_args()
    {
        var options = Bind("""{ "ClientId": "pascal", "client_id": "snake", "args": { "redirect_url": "https://args.example", "client_id": "args" }, "redirect_url": "https://top.example" }""");

        Assert.Equal("pascal", options.ClientId);
        Assert.Equal("https://top.example", options.RedirectUrl);
    }

    [Fact]
    public void What_is_not_configured_keeps_its_default()
    {
        var options = Bind("""{ "app_id": "id" }""");

        Assert.True(options.UsePkce);
        Assert.Equal(ClientAuthScheme.BasicAuth, options.ClientOptions.AuthScheme);
        Assert.Same(UserResponsePath.Empty, options.UserResponseStructure.RootPath);
        Assert.Equal(UserResponsePath.Relative("id"), options.UserResponseStructure.IdPath);
        Assert.Equal(10, options.UserResponseStructure.Attributes.Count);
        Assert.Equal("Bearer {0}", options.AuthTokenParams.HeaderFormat);
    }

    [Theory]
    [InlineData("""{ "args": { "pkce": "yes" } }""", "Configuration value 'args:pkce' must be true or false.")]
    [InlineData("""{ "BackchannelTimeout": "soon" }""", "Configuration value 'BackchannelTimeout' must be a time span such as 00:01:00.")]
    [InlineData("""{ "BackchannelMaxResponseSize": "1MB" }""", "Configuration value 'BackchannelMaxResponseSize' must be an integer.")]
    [InlineData("""{ "AuthTokenParams": { "Mode": "cookie" } }""", "Configuration value 'AuthTokenParams:Mode' must be one of Header, Query, Body.")]
    [InlineData("""{ "ClientOptions": { "AuthScheme": "1" } }""", "Configuration value 'ClientOptions:AuthScheme' must be one of BasicAuth, RequestBody, None.")]
    [InlineData("""{ "UserResponseStructure": { "IdPath": { "a": "b" } } }""", "Configuration value 'UserResponseStructure:IdPath' must be a string or a list of strings.")]
    [InlineData("""{ "AuthorizeParams": { "prompt": { "a": "b" } } }""", "Configuration value 'AuthorizeParams:prompt' must be a string.")]
    public void A_value_of_the_wrong_form_fails_naming_its_key(string json, string expected)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Bind(json));

        Assert.Equal(expected, exception.Message);
    }

    private static OAuth2GenericOptions Bind(string json)
    {
        var options = new OAuth2GenericOptions();
        OAuth2GenericConfigurationBinder.Bind(SeedConfiguration.FromJson(json), options);
        return options;
    }
}
