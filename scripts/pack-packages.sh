#!/usr/bin/env bash
# Builds and packs every publishable package into OUTDIR, as `npm publish` would ship them:
#   bash scripts/pack-packages.sh OUTDIR [--no-build]
# Prints the tarballs' absolute paths on stdout, one a line, in dependency order (each package after
# the packages it depends on); progress and tool output go to stderr.
#
# Build: `turbo run build` of those packages (cached in .turbo/): the core's tsc build and each Backstage
# package's `backstage-cli package build`. The CLI has no build of its own: its prepack copies the
# committed bundle packages/action/dist, which this does not rebuild. --no-build packs what is built.
# When nothing that goes into the tarballs changed since the last run, the last tarballs are reused
# (node_modules/.cache/aml-k8s-packages; never with --no-build).
# Pack: each package is copied (without node_modules) into a scratch folder and packed there with
# `npm pack`, which runs its prepack and postpack scripts. Backstage's prepack rewrites package.json
# for publishing; doing that on a copy keeps the working tree's manifests unchanged for anything
# running meanwhile (tests that read them, module resolution, another pack).
set -euo pipefail

usage() { echo "usage: bash scripts/pack-packages.sh OUTDIR [--no-build]" >&2; exit 2; }
[ $# -ge 1 ] && [ -n "$1" ] || usage
out_arg=$1
build=true
if [ $# -ge 2 ]; then
  [ "$2" = "--no-build" ] || usage
  build=false
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out_arg"
out=$(cd "$out_arg" && pwd)

# The project's Node 24, tsc, turbo and backstage-cli first; no leftovers of a calling npm script or
# turbo task (npm test runs the tests through turbo; the build here is a turbo run of its own).
export PATH="$repo/node_modules/.bin:$PATH"
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -iE '^(npm_|turbo_)' || true)
unset NODE_OPTIONS INIT_CWD
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 TURBO_NO_UPDATE_NOTIFIER=1

# The publishable packages (not `"private": true`), each after those it depends on: scripts/pack-packages.ts.
cd "$repo"
mapfile -t packages < <(node scripts/pack-packages.ts)
[ ${#packages[@]} -gt 0 ] || { echo "pack-packages: no publishable package found" >&2; exit 1; }

filters=()
for dir in "${packages[@]}"; do filters+=("--filter=./packages/$dir"); done

# Unchanged inputs give the same tarballs: the last ones are kept in node_modules/.cache, keyed by turbo's
# hashes of the builds (each package's files and those of the packages it needs, the lockfile, the base
# tsconfig), the Action's bundle (the CLI ships it) and this script.
cache_root="$repo/node_modules/.cache/aml-k8s-packages"
key=""
if $build; then
  hashes=$(turbo run build "${filters[@]}" --dry=json 2>/dev/null | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const tasks = JSON.parse(s).tasks ?? [];
      if (tasks.length === 0) process.exit(1);
      for (const t of tasks) console.log(t.taskId, t.hash);
    });') || hashes=""
  if [ -n "$hashes" ]; then
    key=$({
      printf '%s\n' "$hashes"
      (cd packages/action/dist && find . -type f -print0 | sort -z | xargs -0 sha256sum)
      sha256sum scripts/pack-packages.sh scripts/pack-packages.ts
    } | sha256sum | cut -c1-32)
  fi
fi
if [ -n "$key" ] && [ -f "$cache_root/$key/order" ]; then
  echo "pack-packages: inputs unchanged since the last pack; tarballs from node_modules/.cache/aml-k8s-packages" >&2
  while IFS= read -r file; do
    cp "$cache_root/$key/$file" "$out/$file"
    echo "$out/$file"
  done < "$cache_root/$key/order"
  exit 0
fi

if $build; then
  echo "pack-packages: building ${#filters[@]} packages (turbo run build)" >&2
  turbo run build "${filters[@]}" --log-prefix=none --output-logs=errors-only >&2
fi

# The scratch copy mirrors the repository's layout where the packages' scripts look: tsconfig.base.json
# (the packages' tsconfig.json extend it; Backstage's prepack reads the types through it), node_modules
# (the tools and the types the prepack resolves) and the Action's bundle (the CLI's prepack copies it).
stage=$(mktemp -d -t aml-k8s-pack.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/packages/action"
cp tsconfig.base.json "$stage/"
ln -s "$repo/node_modules" "$stage/node_modules"
ln -s "$repo/packages/action/dist" "$stage/packages/action/dist"

# Copy first (quick, so a build running meanwhile has little chance to catch dist/ half-written).
for dir in "${packages[@]}"; do
  src="$repo/packages/$dir"
  copy="$stage/packages/$dir"
  mkdir -p "$copy"
  tar -C "$src" --exclude=./node_modules --exclude=./.turbo -cf - . | tar -C "$copy" -xf -
  [ -d "$src/node_modules" ] && ln -s "$src/node_modules" "$copy/node_modules"
  if grep -q '"build":' "$src/package.json" && [ ! -d "$copy/dist" ]; then
    echo "pack-packages: packages/$dir/dist is missing (build it, or drop --no-build)" >&2
    exit 1
  fi
done

# Pack the copies, as many at a time as there are cores (Backstage's prepack spends seconds in the
# TypeScript compiler); npm pack --json names the tarball it wrote.
pack() {
  local dir=$1
  (cd "$stage/packages/$dir" && npm pack --json --pack-destination "$out" --loglevel=error) > "$stage/$dir.json" 2> "$stage/$dir.log"
}
jobs_max=$(nproc 2>/dev/null || echo 2)
pids=()
for dir in "${packages[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  pack "$dir" &
  pids+=("$!")
done
failed=false
for i in "${!packages[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "pack-packages: npm pack of packages/${packages[$i]} failed:" >&2
    cat "$stage/${packages[$i]}.log" >&2
    failed=true
  fi
done
$failed && exit 1

files=()
for dir in "${packages[@]}"; do
  file=$(node -e '
    const text = require("node:fs").readFileSync(process.argv[1], "utf8");
    const json = text.match(/\[\s*\{[\s\S]*\}\s*\]\s*$/); // the JSON after any script output
    if (!json) process.exit(1);
    console.log(JSON.parse(json[0])[0].filename);' "$stage/$dir.json") || {
    echo "pack-packages: npm pack in packages/$dir printed no JSON:" >&2
    cat "$stage/$dir.json" "$stage/$dir.log" >&2
    exit 1
  }
  files+=("$file")
done

if [ -n "$key" ]; then
  # Replace the previous entry; the new one appears at once (a rename within the cache folder).
  mkdir -p "$cache_root"
  entry="$cache_root/.tmp.$$"
  rm -rf "$entry" && mkdir "$entry"
  for file in "${files[@]}"; do cp "$out/$file" "$entry/"; done
  printf '%s\n' "${files[@]}" > "$entry/order"
  find "$cache_root" -mindepth 1 -maxdepth 1 ! -name ".tmp.*" -exec rm -rf {} +
  mv -T "$entry" "$cache_root/$key" 2>/dev/null || rm -rf "$entry"
fi

for file in "${files[@]}"; do echo "$out/$file"; done
