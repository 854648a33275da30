#!/usr/bin/env bash
# Every test, nothing skipped, in one command. Installs what the tests need beyond the .NET SDK when it is missing:
# Debian's redis-server (the tests of app servers sharing one key ring), chromium (the browser tests), ruby-omniauth-oauth2
# (GitLab's OmniAuth OAuth2 strategy signing in through cognito-emulator) and npm, with apt-get as root or through sudo;
# then the npm packages of tests/oidc-provider, tests/aws-jwt-verify and tests/openid-client (npm ci, from each folder's
# lockfile). Then runs `dotnet test` with CI=true, under which a test whose prerequisite is still missing
# fails instead of skipping.
# It shows progress while it works: each project as it is built, then each test as it finishes.
# Arguments go to `dotnet test`: ./test.sh -- --filter-not-trait "Category=Slow"
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "test.sh: $*" >&2; }

command -v dotnet >/dev/null || { say "the .NET SDK (dotnet) is needed, in the version global.json names"; exit 1; }

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
if [ -n "${CHROMIUM_PATH:-}" ]; then
  # Installing chromium would not help a CHROMIUM_PATH that names something else.
  [ -x "$CHROMIUM_PATH" ] || { say "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable: unset it to use Debian's chromium"; exit 1; }
else
  # With the fonts that chromium only recommends, so that pages render text as on a desktop.
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
fi
# Ruby with OmniAuth's OAuth2 strategy; Debian's package brings omniauth, rack and the oauth2 gem with it.
{ command -v ruby >/dev/null && ruby -e 'require "omniauth-oauth2"; require "rack"' 2>/dev/null; } || missing+=(ruby-omniauth-oauth2)
# npm ci again only when the lockfile changed since the last install (npm writes node_modules/.package-lock.json).
npm_folders=()
for folder in tests/oidc-provider tests/aws-jwt-verify tests/openid-client; do
  if [ ! -f "$folder/node_modules/.package-lock.json" ] \
    || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
    npm_folders+=("$folder")
  fi
done
if [ "${#npm_folders[@]}" -gt 0 ]; then
  command -v npm >/dev/null || missing+=(npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    say "the tests need ${missing[*]}, and installing them needs root: run this as root, or install them as root with"
    say "  apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
  command -v apt-get >/dev/null || { say "the tests need ${missing[*]}; there is no apt-get here: install them with this system's package manager"; exit 1; }
  say "installing ${missing[*]} with apt-get${as_root:+ through sudo}"
  { "${as_root[@]}" apt-get update -qq \
    && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
    || { say "could not install ${missing[*]} (apt-get said why above)"; exit 1; }
fi

for folder in "${npm_folders[@]}"; do
  say "installing $folder's npm packages (npm ci)"
  npm ci --prefix "$folder" --no-audit --no-fund >/dev/null \
    || { say "could not install $folder's npm packages (npm said why above)"; exit 1; }
done

export CI=true
say "building and running every test: each project is listed as it is built (a minute or two the first time), then each test as it finishes"
# The compiler says nothing while it works on one project, a minute or more on a busy machine: a line every 30 s tells
# the time so far, until dotnet test (which takes over this process, $$) ends.
(
  next=$((SECONDS + 30))
  while sleep 1 && kill -0 "$$" 2>/dev/null; do
    if [ "$SECONDS" -ge "$next" ]; then
      say "$((SECONDS / 60)) min $((SECONDS % 60)) s so far"
      next=$((next + 30))
    fi
  done
) &
exec dotnet test --verbosity minimal --output Detailed "$@"
