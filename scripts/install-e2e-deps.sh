#!/usr/bin/env bash
# Installs what the end-to-end suites (tests/e2e, tests/neovim) need, skipping whatever is already
# there, so a warm run takes a second:
#   - Debian packages: chromium (the browser Playwright drives), ripgrep (VS Code's search binary,
#     which @vscode/ripgrep would otherwise download), neovim (the second LSP client), emacs-nox and
#     elpa-eglot (the third: Emacs's Eglot) and the headers code-server's native modules build against;
#   - code-server (VS Code for the browser, from the npm registry) under .cache/e2e/, keyed by its
#     version and Node's module ABI, built offline: no install step may download a binary here;
# and checks that playwright-core (the browser driver, a devDependency) is installed.
# Nothing here touches the project's package.json, package-lock.json or node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
cache="$repo/.cache/e2e"
node_abi="$(node -p 'process.versions.modules')"
code_server_home="$cache/code-server-$CODE_SERVER_VERSION-node$node_abi"

log() { printf 'install-e2e-deps: %s\n' "$*"; }

# `code-server --version` writes a default config (and logs) into the home folder unless told
# otherwise: point its XDG folders at a scratch folder removed on exit.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
code_server_version() {
  XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$1/node_modules/.bin/code-server" --version | tail -n 1 | cut -d' ' -f1
}

# --- Debian packages -------------------------------------------------------------------------------
# fonts-droid-fallback: Chinese and Japanese glyphs, so screenshots of the quote-styles suite show them.
packages=(chromium ripgrep neovim emacs-nox elpa-eglot fonts-droid-fallback pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev make g++ python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node-gyp must build against this machine's Node headers: it cannot download them here.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] && [ "$(command -v node)" = /usr/bin/node ]; then
  export npm_config_nodedir=/usr
fi
npm_quiet=(--no-audit --no-fund --loglevel=error)

# --- code-server -----------------------------------------------------------------------------------
# Built in a staging folder and moved into place only when complete, so an interrupted run leaves no
# half-built install behind (the next run starts that part over).
if [ -x "$code_server_home/node_modules/.bin/code-server" ] && [ -f "$code_server_home/.complete" ]; then
  log "code-server $CODE_SERVER_VERSION: cached in ${code_server_home#"$repo"/}"
else
  log "code-server $CODE_SERVER_VERSION: building in ${code_server_home#"$repo"/} (a few minutes, once)"
  staging="$code_server_home.partial"
  rm -rf "$staging" "$code_server_home"
  mkdir -p "$staging"
  # A package.json of its own keeps npm from walking up to the project's. Install scripts: npm 11
  # runs a dependency's install script only when allowScripts approves it. argon2 (password hashing,
  # loaded even with --auth none) is built below; code-server's postinstall is done by hand instead,
  # because it runs `npm install` with scripts, and @vscode/ripgrep's would download rg.
  cat >"$staging/package.json" <<'JSON'
{
  "name": "verbatim-e2e-code-server",
  "private": true,
  "allowScripts": { "argon2": true, "code-server": false }
}
JSON
  npm install --prefix "$staging" --ignore-scripts "${npm_quiet[@]}" "code-server@$CODE_SERVER_VERSION"
  vscode="$staging/node_modules/code-server/lib/vscode"

  # VS Code's own dependencies, without scripts; then Debian's rg where @vscode/ripgrep looks for
  # its binary (its postinstall exits early when bin/ exists, so nothing is downloaded).
  npm install --prefix "$vscode" --omit=dev --ignore-scripts "${npm_quiet[@]}"
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  ln -sfn "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

  # The native modules VS Code's server loads on Linux, approved by name; the Windows-only ones and
  # ripgrep's download are denied. npm_config_yes: node-pty's postinstall runs node-gyp through npx.
  node -e '
    const file = process.argv[1], manifest = JSON.parse(require("fs").readFileSync(file, "utf8"));
    manifest.allowScripts = {
      "@vscode/spdlog": true, "node-pty": true, "native-watchdog": true, "kerberos": true,
      "@vscode/deviceid": true, "@parcel/watcher": true,
      "@vscode/windows-process-tree": false, "@vscode/windows-registry": false, "@vscode/ripgrep": false,
    };
    require("fs").writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
  ' "$vscode/package.json"
  (cd "$vscode" && npm_config_yes=true npm rebuild "${npm_quiet[@]}")
  for module in @vscode/spdlog/build/Release/spdlog.node node-pty/build/Release/pty.node native-watchdog/build/Release/watchdog.node; do
    [ -f "$vscode/node_modules/$module" ] || { log "native module missing after npm rebuild: $module" >&2; exit 1; }
  done

  # What code-server's postinstall does besides installing: the asar path VS Code and extensions
  # read from, the CLI and browser helper scripts, and the built-in extensions' shared dependencies.
  ln -sfn node_modules "$vscode/node_modules.asar"
  ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"
  npm install --prefix "$vscode/extensions" --omit=dev --ignore-scripts "${npm_quiet[@]}"

  (cd "$staging" && npm_config_yes=true npm rebuild argon2 "${npm_quiet[@]}")
  [ -n "$(find "$staging/node_modules/argon2/lib/binding" -name '*.node' 2>/dev/null)" ] || { log "argon2 did not build" >&2; exit 1; }

  [ "$(code_server_version "$staging")" = "$CODE_SERVER_VERSION" ] || { log "code-server does not run" >&2; exit 1; }
  touch "$staging/.complete"
  mv "$staging" "$code_server_home"
fi

# --- playwright-core -------------------------------------------------------------------------------
# A devDependency of the project (typed, pinned by package-lock.json, no install script, and it never
# downloads a browser): `npm ci` installs it. Checked here so a missing one is explained up front.
if ! playwright_version="$(cd "$repo" && node -p "require('playwright-core/package.json').version" 2>/dev/null)"; then
  log "playwright-core is not in node_modules: it is a devDependency of the project; run npm ci" >&2
  exit 1
fi

log "ready: code-server $(code_server_version "$code_server_home"), $(chromium --version 2>/dev/null | head -n 1), $(nvim --version | head -n 1), $(emacs --version | head -n 1), playwright-core $playwright_version"
