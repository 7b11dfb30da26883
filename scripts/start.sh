#!/usr/bin/env bash
# The main job on the embedded local defaults: validate and render every example spec.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
node packages/action/bin/aml-k8s.js validate examples/
node packages/action/bin/aml-k8s.js render examples/ --as az
