#!/usr/bin/env bash
# `npm start`: the whole loop on one machine with embedded defaults. Validates the examples, starts
# the ARM emulator seeded with their clusters and workspaces, applies them as the Action does after a
# merge (live progress), then starts the Backstage backend (SQLite) and the app with the plugin, and
# prints the URLs. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
node packages/action/bin/aml-k8s.js validate examples/
exec node packages/backstage-plugin/dev/start.mts --demo
