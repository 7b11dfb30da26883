#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser tests (playwright-core drives it; no browser is
# ever downloaded). Idempotent: does nothing when it is already there. Needs root (or sudo) for apt.
# Prints the browser's path. Set CHROMIUM_PATH to use another Chromium and skip the install.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "chromium.sh: CHROMIUM_PATH=$CHROMIUM_PATH is not executable" >&2; exit 1; }
  echo "$CHROMIUM_PATH"
  exit 0
fi

for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo > /dev/null || { echo "chromium.sh: run as root (apt-get install chromium)" >&2; exit 1; }
  sudo="sudo"
fi
echo "chromium.sh: installing Debian's chromium" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends chromium >&2
echo /usr/bin/chromium
