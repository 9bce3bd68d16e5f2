#!/bin/sh
# Runs app.mjs (ES module importing CommonJS packages) and app.cjs (CommonJS requiring them)
# with Node and with Tocin and compares the output. Needs npm and node (20+) on the PATH.
# Usage: examples/commonjs/compare.sh   (from anywhere; installs the pinned packages on first use)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tocin="$here/../../tocin"
cd "$here"
[ -d node_modules ] || npm install --no-audit --no-fund --silent
status=0
for app in app.mjs app.cjs; do
  NODE_ENV=production node "$app" > "/tmp/tocin-cjs-node-$app.out"
  "$tocin" run "$app" > "/tmp/tocin-cjs-tocin-$app.out"
  if diff -u "/tmp/tocin-cjs-node-$app.out" "/tmp/tocin-cjs-tocin-$app.out"; then
    echo "$app: same output as Node"
  else
    echo "$app: output differs from Node" >&2
    status=1
  fi
done
exit $status
