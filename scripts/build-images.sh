#!/usr/bin/env bash
# Build scaffold's offline images from Debian's packages, idempotently, where nothing can be
# pulled from an image registry: debootstrap a minimal bookworm rootfs, `docker import` it,
# then build python, node, postgres, redis and nginx images on it from images/*/Dockerfile,
# and the backing services mariadb, rabbitmq and memcached.
#
#   bash scripts/build-images.sh [--force] [NAME...]
#   NAME: debian python node postgres redis nginx mariadb rabbitmq memcached (default: all)
#
# An image is skipped when it exists and was built from the same recipe (a hash of its
# folder and its parent image, kept in a label); --force rebuilds the named ones anyway.
# The rootfs is built only when missing. Environment:
#   SCAFFOLD_IMAGE_PREFIX  repository prefix of the tags (default: scaffold-local)
#   DEBIAN_MIRROR          Debian mirror (default: the one apt uses here)
#   SCAFFOLD_CA_BUNDLE     CA bundle copied into the images (default: the system bundle)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=${SCAFFOLD_IMAGE_PREFIX:-scaffold-local}
suite=bookworm
ca_bundle=${SCAFFOLD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
force=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) wanted+=("$arg") ;;
  esac
done

# name, tag: what scaffold's image overrides point at (Debian bookworm's versions)
images=(
  "debian:debian:$suite"
  "python:python:3.11"
  "node:node:18"
  "postgres:postgres:15"
  "redis:redis:7"
  "nginx:nginx:1.22"
  "mariadb:mariadb:10.11"
  "rabbitmq:rabbitmq:3"
  "memcached:memcached:1.6"
)

log() { printf 'build-images: %s\n' "$*" >&2; }

# The mirror apt is configured with here (deb822 sources or the one-line format).
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local found
  found=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ && $2 ~ /\/debian\/?$/ {print $2; exit}')
  if [ -z "$found" ]; then
    found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" && $2 ~ /\/debian\/?$/ {print $2; exit}')
  fi
  echo "${found:-http://deb.debian.org/debian}"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_id() { docker image inspect --format '{{.Id}}' "$1"; }
recipe_of() { docker image inspect --format '{{index .Config.Labels "org.scaffold.recipe"}}' "$1" 2>/dev/null || true; }

build_rootfs() {
  local tag=$prefix/rootfs:$suite mirror root
  if image_exists "$tag"; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    log "debootstrap needs root to build $tag"
    exit 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  mirror=$(debian_mirror)
  root=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: the folder is this call's
  trap "rm -rf '$root'" EXIT
  log "debootstrap --variant=minbase $suite from $mirror"
  local started=$SECONDS
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 || {
    tail -n 20 "$root.log" >&2
    exit 1
  }
  rm -f "$root.log" "$root"/var/cache/apt/archives/*.deb
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/usr/share/locale/*
  tar -C "$root" --numeric-owner -c . | docker import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $suite $mirror" - "$tag" >/dev/null
  rm -rf "$root"
  trap - EXIT
  log "$tag imported ($((SECONDS - started))s)"
}

# The build folder of an image; debian's gets the apt sources and the CA bundle added.
context_of() {
  local name=$1 dir
  if [ "$name" != debian ]; then
    echo "images/$name"
    return
  fi
  dir=$(mktemp -d)
  cp -R images/debian/. "$dir/"
  cp "$ca_bundle" "$dir/ca-bundle.crt"
  local mirror
  mirror=$(debian_mirror)
  local security=${mirror%/debian}/debian-security
  {
    echo "deb $mirror $suite main"
    echo "deb $mirror $suite-updates main"
    echo "deb $security $suite-security main"
  } >"$dir/sources.list"
  echo "$dir"
}

build_image() {
  local name=$1 tag=$2 parent context recipe
  if [ "$name" = debian ]; then
    parent=$prefix/rootfs:$suite
  else
    parent=$prefix/debian:$suite
  fi
  context=$(context_of "$name")
  recipe=$( (cd "$context" && find . -type f -print0 | sort -z | xargs -0 sha256sum; image_id "$parent") \
    | sha256sum | cut -c1-16)
  local rebuild=$force
  want "$name" || rebuild=0  # only the parent of what was named: not forced
  if [ "$rebuild" = 0 ] && image_exists "$tag" && [ "$(recipe_of "$tag")" = "$recipe" ]; then
    log "$tag is up to date"
    if [ "$name" = debian ]; then rm -rf "$context"; fi
    return 0
  fi
  local arg=BASE
  if [ "$name" = debian ]; then arg=ROOTFS; fi
  log "building $tag"
  local started=$SECONDS out
  out=$(mktemp)
  local cache=()
  if [ "$rebuild" = 1 ]; then cache=(--no-cache); fi
  if ! DOCKER_BUILDKIT=0 docker build --quiet "${cache[@]}" --build-arg "$arg=$parent" \
      --label "org.scaffold.recipe=$recipe" --tag "$tag" "$context" >"$out" 2>&1; then
    tail -n 30 "$out" >&2
    exit 1
  fi
  rm -f "$out"
  if [ "$name" = debian ]; then rm -rf "$context"; fi
  log "$tag built ($((SECONDS - started))s)"
}

want() {
  [ "${#wanted[@]}" = 0 ] && return 0
  local w
  for w in "${wanted[@]}"; do
    [ "$w" = "$1" ] && return 0
  done
  return 1
}

started=$SECONDS
build_rootfs
for entry in "${images[@]}"; do
  name=${entry%%:*}
  tag=$prefix/${entry#*:}
  # a child needs its parent: debian is always brought up to date
  if [ "$name" = debian ] || want "$name"; then
    build_image "$name" "$tag"
  fi
done
log "done in $((SECONDS - started))s"
