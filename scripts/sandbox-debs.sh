#!/usr/bin/env bash
# Fetches the Debian trixie packages a classroom sandbox needs on top of the lab's base image
# (Docker Engine, its CLI, containerd, runc, iptables, procps), with their dependencies, so that
# the sandbox image builds without a registry and without network inside the build.
# apt resolves against the base image's own package list (read from `docker save`), so only what
# the base lacks is downloaded; trixie's source list and apt state are kept apart from the
# system's (as scripts/engine-leg.sh does for leg 26), and nothing is installed on this machine.
# Usage: bash scripts/sandbox-debs.sh [BASE_IMAGE]   prints the directory holding the .deb files
# Environment: AOL_SANDBOX_DEBS (default /var/cache/async-outage-lab/sandbox-debs as root, else
#   $XDG_CACHE_HOME/async-outage-lab/sandbox-debs), AOL_DEBIAN_MIRROR (default deb.debian.org).
set -euo pipefail
base="${1:-async-outage-lab/base:trixie}"
packages=(docker.io docker-cli containerd runc iptables procps)
if [ "$(id -u)" -eq 0 ]; then dir="${AOL_SANDBOX_DEBS:-/var/cache/async-outage-lab/sandbox-debs}"
else dir="${AOL_SANDBOX_DEBS:-${XDG_CACHE_HOME:-$HOME/.cache}/async-outage-lab/sandbox-debs}"; fi
mirror="${AOL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
debs="$dir/debs"
if [ -f "$debs/.complete" ]; then echo "$debs"; exit 0; fi

mkdir -p "$dir/apt/lists/partial" "$dir/apt/archives/partial" "$dir/apt/state"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" >"$dir/apt/sources.list"
# The base image's dpkg status, so that apt downloads only what the base lacks.
if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "sandbox-debs: the base image $base is not here (build it: async-outage-lab base)" >&2
  exit 3
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/aol-sandbox-debs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
docker save "$base" | tar -x -C "$work"
: >"$dir/apt/state/status"
for layer in "$work"/*/layer.tar; do
  for entry in var/lib/dpkg/status ./var/lib/dpkg/status; do
    if tar -xOf "$layer" "$entry" >"$work/status" 2>/dev/null && [ -s "$work/status" ]; then cp "$work/status" "$dir/apt/state/status"; fi
  done
done
if [ ! -s "$dir/apt/state/status" ]; then echo "sandbox-debs: no dpkg status in $base" >&2; exit 3; fi
apt_opts=(-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State=$dir/apt/state" -o "Dir::State::status=$dir/apt/state/status"
  -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache::archives=$dir/apt/archives"
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o APT::Install-Recommends=false)
if ! apt-get "${apt_opts[@]}" update -qq >&2 || ! apt-get "${apt_opts[@]}" install -y -qq --download-only "${packages[@]}" >&2; then
  echo "sandbox-debs: could not fetch trixie's packages from $mirror (messages above)." >&2
  echo "It needs Debian's archive keyring (apt-get install debian-archive-keyring) and a mirror: set AOL_DEBIAN_MIRROR to one that answers." >&2
  exit 3
fi
rm -rf "$debs.new" && mkdir -p "$debs.new"
cp "$dir"/apt/archives/*.deb "$debs.new/"
touch "$debs.new/.complete"
rm -rf "$debs" && mv "$debs.new" "$debs"
echo "$debs"
