using System.Text;
using System.Text.Json;
using OAuth2Generic.Testing;

namespace OAuth2Generic.CognitoEmulator;

/// <summary>
/// What the tool prints once it listens: one line per user pool (domain, issuer, JWKS URL), then, for the first app client
/// of the first pool, a GitLab <c>omniauth_providers</c> entry as GitLab's Cognito page writes it and an
/// <c>appsettings.json</c> section for <c>AddCognito()</c>, both ready to paste.
/// </summary>
internal static class StartupReport
{
    public static string Write(Testing.CognitoEmulator emulator)
    {
        var text = new StringBuilder();
        text.AppendLine($"cognito-emulator: listening on {emulator.Url}; admin API at {emulator.Url}/_emulator/");
        foreach (var pool in emulator.UserPools)
        {
            text.AppendLine($"user pool {pool.UserPoolId}: domain {pool.Domain} issuer {pool.Issuer} jwks {pool.Issuer}/.well-known/jwks.json");
        }

        var first = emulator.UserPools[0];
        text.AppendLine();
        text.AppendLine($"GitLab (gitlab.rb), app client {first.ClientId}:");
        text.AppendLine($$"""
            gitlab_rails['omniauth_providers'] = [
              {
                name: "cognito",
                label: "Cognito",
                app_id: {{Ruby(first.ClientId)}},
                app_secret: {{Ruby(first.ClientSecret ?? "")}},
                args: {
                  scope: "openid profile email",
                  client_options: {
                    site: {{Ruby(first.Domain)}},
                    authorize_url: "/oauth2/authorize",
                    token_url: "/oauth2/token",
                    user_info_url: "/oauth2/userInfo"
                  },
                  user_response_structure: {
                    root_path: [],
                    id_path: ["sub"],
                    attributes: { nickname: "email", name: "email", email: "email" }
                  },
                  name: "cognito",
                  strategy_class: "OmniAuth::Strategies::OAuth2Generic"
                }
              }
            ]
            """);
        text.AppendLine();
        text.AppendLine("appsettings.json, for .AddCognito() (it reads Authentication:Schemes:Cognito by convention):");
        text.AppendLine($$"""
            {
              "Authentication": {
                "Schemes": {
                  "Cognito": {
                    "Domain": {{Json(first.Domain)}},
                    "Issuer": {{Json(first.Issuer)}},
                    "ClientId": {{Json(first.ClientId)}},
                    "ClientSecret": {{Json(first.ClientSecret ?? "")}}
                  }
                }
              }
            }
            """);
        return text.ToString();
    }

    private static string Json(string value) => JsonSerializer.Serialize(value, ReportJsonContext.Default.String);

    // A Ruby double-quoted string: JSON's escapes are Ruby's, but '#' would start an interpolation.
    private static string Ruby(string value) => Json(value).Replace("#", "\\#", StringComparison.Ordinal);
}
