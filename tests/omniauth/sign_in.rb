# Signs a user in through cognito-emulator with Debian's OmniAuth OAuth2 strategy (ruby-omniauth-oauth2), configured as
# GitLab's Cognito page configures its provider, over real HTTP; prints the OmniAuth auth hash as JSON.
#
#   ruby sign_in.rb <domain URL> <client id> <client secret> <username> <password>
#
# The app is a Rack app mounted as GitLab mounts its providers (/users/auth/cognito), driven with Rack::MockRequest at
# https://gitlab.example.com, the callback URL that samples/cognito-emulator/gitlab.json registers. The browser is
# Net::HTTP: it follows the redirects to the hosted UI, fills in the login form and stops at the redirect back to GitLab.
require "json"
require "logger"
require "net/http"
require "uri"
require "rack"
require "omniauth"
require "omniauth-oauth2"

site, client_id, client_secret, username, password = ARGV
abort "usage: ruby sign_in.rb <domain URL> <client id> <client secret> <username> <password>" unless password

GITLAB = "https://gitlab.example.com"

# What omniauth-oauth2-generic adds to OmniAuth::Strategies::OAuth2 for GitLab's entry: the user document from
# user_info_url, mapped by user_response_structure (root_path [], id_path ["sub"], attributes nickname/name/email: email).
class Cognito < OmniAuth::Strategies::OAuth2
  option :name, "cognito"
  option :user_response_structure, { root_path: [], id_path: ["sub"], attributes: { nickname: "email", name: "email", email: "email" } }

  uid { raw_info.dig(*options.user_response_structure[:id_path]) }
  info { options.user_response_structure[:attributes].transform_values { |path| raw_info.dig(*Array(path)) } }
  extra { { raw_info: raw_info } }

  def raw_info
    @raw_info ||= access_token.get(options.client_options[:user_info_url]).parsed
  end

  # As omniauth-oauth2-generic does: the redirect_uri of the token request is the callback URL without the callback's
  # query (code, state), so that it equals the authorize request's.
  def callback_url
    full_host + script_name + callback_path
  end
end

OmniAuth.config.logger = Logger.new(IO::NULL)
OmniAuth.config.path_prefix = "/users/auth"
OmniAuth.config.allowed_request_methods = [:get, :post]
OmniAuth.config.silence_get_warning = true

app = Rack::Builder.new do
  use Rack::Session::Cookie, secret: "s" * 64, same_site: :lax
  use Cognito, client_id, client_secret,
      scope: "openid profile email",
      client_options: {
        site: site,
        authorize_url: "/oauth2/authorize",
        token_url: "/oauth2/token",
        user_info_url: "/oauth2/userInfo"
      }
  run ->(env) {
    auth = env["omniauth.auth"]
    error = env["omniauth.error"]
    body = auth ? { uid: auth.uid, info: auth.info.to_hash, raw_info: auth.extra.raw_info } : { error: error&.message || "no auth" }
    [auth ? 200 : 401, { "content-type" => "application/json" }, [JSON.generate(body)]]
  }
end.to_app

def cookies_of(headers)
  Array(headers["set-cookie"] || headers["Set-Cookie"]).flat_map { |h| h.split("\n") }.map { |c| c.split(";").first }
end

# 1. GitLab's sign-in button: the request phase redirects to the emulator's authorize URL.
gitlab = Rack::MockRequest.new(app)
started = gitlab.get("#{GITLAB}/users/auth/cognito")
abort "the request phase answered #{started.status}: #{started.body}" unless started.status == 302
session_cookie = cookies_of(started.headers).join("; ")

# 2. The browser, over real HTTP: authorize, the login form, the form's post, until the redirect to GitLab.
jar = {}
location = URI(started.headers["location"] || started.headers["Location"])
request = Net::HTTP::Get.new(location)
20.times do
  request["Cookie"] = jar.map { |k, v| "#{k}=#{v}" }.join("; ") unless jar.empty?
  response = Net::HTTP.start(location.host, location.port) { |http| http.request(request) }
  cookies_of(response.to_hash.transform_values { |v| v.join("\n") }).each { |c| name, value = c.split("=", 2); jar[name] = value }
  if response.is_a?(Net::HTTPRedirection)
    location = URI.join(location, response["location"])
    break if location.to_s.start_with?(GITLAB)
    request = Net::HTTP::Get.new(location)
  elsif response.code == "200" && response.body.include?('name="_csrf"')
    action = response.body[/<form method="post" action="([^"]*)"/, 1].gsub("&amp;", "&")
    csrf = response.body[/name="_csrf" value="([^"]*)"/, 1]
    location = URI.join(location, action)
    request = Net::HTTP::Post.new(location)
    request.set_form_data("_csrf" => csrf, "username" => username, "password" => password)
  else
    abort "the hosted UI answered #{response.code} at #{location}: #{response.body[0, 300]}"
  end
end
abort "the sign-in never came back to GitLab (last: #{location})" unless location.to_s.start_with?(GITLAB)

# 3. The callback phase: OmniAuth checks the state, redeems the code at token_url and reads user_info_url.
finished = gitlab.get(location.to_s, "HTTP_COOKIE" => session_cookie)
puts finished.body
exit(finished.status == 200 ? 0 : 1)
