#!/usr/bin/env bash
# Builds the lab's base image from Debian packages (mmdebstrap or debootstrap + docker import),
# for machines that reach no container registry. Idempotent: an existing image is kept.
# Usage: scripts/build-base.sh [IMAGE]   (default async-outage-lab/base:trixie)
set -euo pipefail
image="${1:-async-outage-lab/base:trixie}"
suite="${AOL_BASE_SUITE:-trixie}"
mirror="${AOL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# What the lab's three containers run, and nothing else: no ca-certificates (the lab speaks no
# TLS; its set-up alone cost about 10 s of a fresh machine's wait).
packages="redis-server,nodejs,python3-celery,python3-redis"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already present: nothing to do"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "building the base from Debian packages needs root: run this with sudo" >&2
  exit 3
fi
# mmdebstrap when it is here: apt downloads the packages in parallel and dpkg installs them in
# one run without syncing each file, about three times as fast as debootstrap's one package at a
# time (the base is most of a fresh machine's wait for its first outage). debootstrap otherwise.
if command -v mmdebstrap >/dev/null 2>&1; then
  log="$(mktemp "${TMPDIR:-/tmp}/aol-base.XXXXXX.log")"
  trap 'rm -f "$log"' EXIT
  echo "mmdebstrap $suite from $mirror (packages: $packages)"
  if ! mmdebstrap --variant=minbase --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      "$suite" - "$mirror" 2>"$log" | docker import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null; then
    tail -n 20 "$log" >&2
    docker image rm -f "$image" >/dev/null 2>&1 || true # whatever a cut-short tar imported
    exit 1
  fi
  echo "built $image ($(docker image inspect "$image" --format '{{.Size}}') bytes)"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "neither mmdebstrap nor debootstrap is installed: apt-get install -y mmdebstrap (needs root), or pull debian:trixie-slim from a registry" >&2
  exit 3
fi
root="$(mktemp -d "${TMPDIR:-/tmp}/aol-base.XXXXXX")"
trap 'rm -rf "$root"' EXIT
# mktemp -d makes a 0700 directory, and it becomes the image's `/` (the tar's `./` entry): storage
# drivers that apply that entry (vfs) would then deny every non-root service its libraries.
chmod 0755 "$root"
echo "debootstrap $suite from $mirror into $root (packages: $packages)"
debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -n 20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
# Trim what a container never needs: apt lists and caches, docs.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
       "$root"/usr/share/doc/* "$root"/usr/share/man/*
printf 'deb %s %s main\n' "$mirror" "$suite" >"$root/etc/apt/sources.list"
tar -C "$root" -c . | docker import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "built $image ($(docker image inspect "$image" --format '{{.Size}}') bytes)"
