#!/usr/bin/env bash
# Installs the real VS Code host used by the host tests and the demo into .vscode-host/ (ignored by git;
# MAAS_HOST_DIR overrides): code-server 4.139.1 (= VS Code 1.139.1) on a Node 24 binary from the npm
# registry, plus Debian's chromium driven by playwright-core. Only apt and the npm registry are used.
# Idempotent: a second run only checks.
#
# It works the same run directly (`bash scripts/setup-host.sh`) or from inside an npm script (`npm test`,
# `npm run demo`): the outer npm (the project's Node 20) exports npm_config_* (among them user_agent
# "… node/v20 …", which code-server's postinstall reads as the Node version, and nodedir), npm_execpath,
# npm_node_execpath, npm_lifecycle_*, npm_package_*, INIT_CWD, NODE, and puts node_modules/.bin folders
# first on PATH. The nested installs run without any of that (only network settings are kept), with
# Node 24 first on PATH and its own headers as nodedir.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${MAAS_HOST_DIR:-$ROOT/.vscode-host}"
CS_VERSION="${CS_VERSION:-4.139.1}"
log() { echo "[setup-host] $*"; }
die() { echo "[setup-host] ERROR: $*" >&2; exit 1; }

case "$(uname -m)" in
  x86_64 | amd64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) die "unsupported CPU $(uname -m): the Node 24 binary comes from the npm package node-linux-<x64|arm64>" ;;
esac
NODE_PKG_NAME="node-linux-$ARCH"
NODE_PKG="${NODE_PKG:-$NODE_PKG_NAME@24}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd -P)" # the real folder (.vscode-host may be a link), so env.sh names real paths

# 1. system packages: chromium (headless workbench), libkrb5-dev (VS Code server's native kerberos
#    module), g++ and make (node-gyp builds code-server's native modules)
need=""
command -v chromium >/dev/null || need="$need chromium"
dpkg -s libkrb5-dev >/dev/null 2>&1 || need="$need libkrb5-dev"
command -v g++ >/dev/null || need="$need g++"
command -v make >/dev/null || need="$need make"
if [ -n "$need" ]; then
  command -v apt-get >/dev/null || die "missing system packages:$need (install them; this script uses apt-get, which is not here)"
  if [ "$(id -u)" = "0" ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else die "missing system packages:$need (run as root or install sudo)"; fi
  log "apt-get install$need"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need
fi

# A clean environment for the nested npm installs (see the top of this file).
clean_env() {
  local v lower
  for v in $(compgen -e); do
    lower="${v,,}"
    case "$lower" in
      # network settings still apply: registry, certificates, proxies, cache, the npmrc files
      npm_config_registry | npm_config_@*:registry | npm_config_cafile | npm_config_ca | npm_config_cert | npm_config_key | \
      npm_config_proxy | npm_config_https_proxy | npm_config_http_proxy | npm_config_noproxy | \
      npm_config_strict_ssl | npm_config_cache | npm_config_userconfig | npm_config_globalconfig) ;;
      npm_* | init_cwd | node | force_node_version) unset "$v" ;;
    esac
  done
  # drop node_modules/.bin folders (the project's and its parents') and npm's node-gyp wrapper from PATH
  local out="" entry
  local IFS=:
  for entry in $PATH; do
    case "$entry" in */node_modules/.bin | */node-gyp-bin | "") continue ;; esac
    out="${out:+$out:}$entry"
  done
  export PATH="$out"
}

# npm install into <folder> (its own package.json, so npm does not walk up into the project), output in
# <folder>/install.log, shown when it fails
npm_install() {
  local folder="$1"; shift
  mkdir -p "$folder"
  echo '{"private":true}' > "$folder/package.json"
  if ! (cd "$folder" && npm install --no-save --no-package-lock --no-audit --no-fund "$@" >"$folder/install.log" 2>&1); then
    tail -n 30 "$folder/install.log" >&2
    die "npm install $* failed (full log: $folder/install.log)"
  fi
}

(
  clean_env
  command -v npm >/dev/null || die "npm is not on PATH"

  # 2. Node 24 from the npm registry (code-server needs it; the project itself builds with Node 20)
  NODE24_DIR="$DIR/node24/node_modules/$NODE_PKG_NAME"
  if [ ! -x "$NODE24_DIR/bin/node" ]; then
    log "installing $NODE_PKG"
    npm_install "$DIR/node24" "$NODE_PKG"
  fi
  node24_version="$("$NODE24_DIR/bin/node" --version 2>/dev/null)" || die "$NODE24_DIR/bin/node does not run (delete $DIR/node24 and retry)"
  case "$node24_version" in v24.*) ;; *) die "$NODE24_DIR/bin/node is $node24_version, code-server needs v24 (delete $DIR/node24 and retry)" ;; esac
  [ -f "$NODE24_DIR/include/node/node.h" ] || die "$NODE24_DIR has no include/node/node.h (node-gyp needs Node 24's headers; delete $DIR/node24 and retry)"

  # 3. code-server, installed by npm running on Node 24 (so its postinstall sees node/v24 in the user agent
  #    and node-gyp builds the native modules against Node 24's headers)
  marker="$DIR/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  if [ ! -f "$marker" ]; then
    log "installing code-server@$CS_VERSION on Node $node24_version (2-3 minutes)"
    export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"
    # npm starts with `#!/usr/bin/env node`: the first node on PATH, now Node 24
    [ "$(node --version)" = "$node24_version" ] || die "\`node\` on PATH is $(node --version), not Node 24 ($NODE24_DIR/bin/node)"
    npm_install "$DIR/cs" "code-server@$CS_VERSION"
    [ -f "$marker" ] || die "code-server@$CS_VERSION installed without its native modules (no $marker); see $DIR/cs/install.log"
  fi

  entry="$DIR/cs/node_modules/code-server/out/node/entry.js"
  # (the first run also logs "Wrote default config file"; the version line starts with the version)
  printed="$("$NODE24_DIR/bin/node" "$entry" --version --config "$DIR/config.yaml" 2>&1)" || true
  version="$(grep -m1 "^$CS_VERSION " <<<"$printed" || true)"
  [ -n "$version" ] || die "code-server does not start: \`$NODE24_DIR/bin/node $entry --version\` printed: $printed"
  env_sh="export CODE_SERVER_NODE=\"$NODE24_DIR/bin/node\"
export CODE_SERVER_ENTRY=\"$entry\""
  # (written only when it changes: a second run only checks)
  [ "$(cat "$DIR/env.sh" 2>/dev/null)" = "$env_sh" ] || printf '%s\n' "$env_sh" > "$DIR/env.sh"
  log "code-server $version ready in $DIR"
)
