#!/usr/bin/env bash
# Runs a command against one of the three engine + compose pairs the lab is proven on:
#   20: Debian bookworm's Docker Engine 20.10 with Compose v1 (`docker-compose` 1.29)
#   26: Debian trixie's Docker Engine 26.1 (dockerd 26.1.5, containerd 1.7.24, bookworm's runc)
#       with Compose v2 (trixie's `docker compose` 2.26.1 plugin)
#   28: Debian sid's Docker Engine 28.5 (dockerd 28.5.2, containerd 2.1.9, bookworm's runc) with
#       sid's docker client 28.5.2 and Compose v2 (sid's `docker compose` 2.40.3 plugin)
#
# Usage: bash scripts/engine-leg.sh 20|26|28 [-- COMMAND ARGS...]   (default command: docker version)
#
# Leg 20 uses the engine on the default socket (started by scripts/docker-engine.sh when none
# answers), unless AOL_LEG_SOCKET is set: then it starts a dockerd 20.10 of its own there.
# Legs 26 and 28 always start a dockerd of their own: trixie's (sid's) packages are fetched with
# `apt-get download` from a source list kept apart from the system's, unpacked with `dpkg -x` into
# a cache (nothing is installed into the system; a second run downloads nothing), and the daemon
# gets its own socket, data root, exec root and pid file, so it never meets another engine's state.
# Sid's runc needs a newer glibc than bookworm's: both legs run containers with bookworm's runc.
# A daemon the script started is stopped when the command ends, whatever its exit code.
#
# Environment:
#   AOL_LEG_SOCKET   the leg's own socket (default for 26 and 28: /var/run/docker-26.sock, -28.sock)
#   AOL_LEG_NETNS    run the leg's daemon and the command in this network namespace (created with
#                    its loopback up when missing): its ports and networks cannot meet another
#                    engine's. Needs an own socket. Default for 26: aol26; 28: aol28; 20: none.
#   AOL_LEG_NAME     names the leg's data root, exec root, pid file and log (/var/lib/docker-NAME,
#                    ...; default: the leg's number), so two daemons of one leg never share state
#   AOL_LEG_CACHE    where the downloaded packages live (default /var/cache/async-outage-lab as
#                    root, else $XDG_CACHE_HOME/async-outage-lab)
#   AOL_LEG_IMAGES_FROM  a DOCKER_HOST to copy the lab's base image from when the leg's engine
#                    lacks it (default: the engine the caller's DOCKER_HOST or the default socket
#                    names, when it answers)
#   AOL_DEBIAN_MIRROR    Debian mirror (default http://deb.debian.org/debian)
# The command gets AOL_ENGINE_RESTART, a shell command that restarts the leg's daemon, when this
# script (or docker-engine.sh) started it: the fault tests restart the engine they run on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
images_from="${AOL_LEG_IMAGES_FROM:-${DOCKER_HOST:-unix:///var/run/docker.sock}}"
leg="${1:-}"
shift || true
if [ "${1:-}" = "--" ]; then shift; fi
[ $# -gt 0 ] || set -- docker version

case "$leg" in
  20)
    socket="${AOL_LEG_SOCKET:-}"
    netns="${AOL_LEG_NETNS:-}"
    name="${AOL_LEG_NAME:-20}"
    compose=v1 ;;
  26)
    socket="${AOL_LEG_SOCKET:-/var/run/docker-26.sock}"
    netns="${AOL_LEG_NETNS-aol26}"
    name="${AOL_LEG_NAME:-26}"
    compose=v2 ;;
  28)
    socket="${AOL_LEG_SOCKET:-/var/run/docker-28.sock}"
    netns="${AOL_LEG_NETNS-aol28}"
    name="${AOL_LEG_NAME:-28}"
    compose=v2 ;;
  *) echo "usage: $0 20|26|28 [-- COMMAND ARGS...]" >&2; exit 2 ;;
esac
if [ -n "$netns" ] && [ -z "$socket" ]; then
  echo "AOL_LEG_NETNS needs AOL_LEG_SOCKET: a daemon in its own namespace needs its own socket" >&2
  exit 2
fi
if [ -n "$socket" ] && [ "$(id -u)" -ne 0 ]; then
  echo "starting a Docker engine of the leg's own needs root: run this with sudo" >&2
  exit 3
fi

if [ "$(id -u)" -eq 0 ]; then cache_root="${AOL_LEG_CACHE:-/var/cache/async-outage-lab}"
else cache_root="${AOL_LEG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/async-outage-lab}"; fi
mirror="${AOL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
state="/var/lib/docker-$name"
exec_root="/var/run/docker-$name"
pidfile="/var/run/docker-$name.pid"
logfile="/tmp/async-outage-lab-docker-$name.log"
# The leg's own client settings: compose plugins come from here (and only here) on legs 26 and 28.
export DOCKER_CONFIG="$cache_root/docker-config-$name"
mkdir -p "$DOCKER_CONFIG"
# A docker context the user chose would point the client elsewhere; the leg's socket decides.
unset DOCKER_CONTEXT

# Only the network namespace is entered: `ip netns exec` would also remount /sys, and the cgroup
# hierarchies under /sys/fs/cgroup that dockerd needs would vanish from its view.
in_ns() { if [ -n "$netns" ]; then nsenter "--net=/run/netns/$netns" "$@"; else "$@"; fi; }

# A Debian suite's engine packages (trixie for leg 26, sid for leg 28), downloaded once into
# $cache_root/engine-<leg> and unpacked there.
fetch_debian() {
  local suite=$1 dir="$cache_root/engine-$leg" root packages
  root="$dir/root"
  packages=(docker.io containerd docker-compose)
  # Leg 28 brings its own client (sid's docker-cli), as a learner's fresh install does; leg 26
  # runs with the system's client.
  if [ "$suite" = sid ]; then packages+=(docker-cli); fi
  if [ -x "$root/usr/sbin/dockerd" ] && [ -x "$root/usr/bin/containerd" ] && [ -x "$root/usr/libexec/docker/cli-plugins/docker-compose" ] \
    && { [ "$suite" != sid ] || [ -x "$root/usr/bin/docker" ]; }; then
    echo "leg $leg: $suite's packages already in $dir" >&2
  else
    echo "leg $leg: downloading $suite's ${packages[*]} into $dir" >&2
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$suite" >"$dir/apt/sources.list"
    local apt_opts=(-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache" -o Debug::NoLocking=1
      -o APT::Sandbox::User=root)
    if ! apt-get "${apt_opts[@]}" update -qq || ! (cd "$dir/debs" && apt-get "${apt_opts[@]}" download "${packages[@]}"); then
      echo "leg $leg: could not fetch $suite's packages from $mirror (messages above)." >&2
      echo "It needs Debian's archive keyring (apt-get install debian-archive-keyring) and a mirror: set AOL_DEBIAN_MIRROR to one that answers." >&2
      exit 3
    fi
    # Unpacked into a fresh root: a run cut short leaves no half-unpacked tree behind.
    rm -rf "$root.new" && mkdir -p "$root.new"
    for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$root.new"; done
    rm -rf "$root" && mv "$root.new" "$root"
  fi
  # Bookworm's runc: trixie's and sid's need a newer glibc than bookworm has.
  if ! command -v runc >/dev/null 2>&1 && [ ! -x "$dir/runc/usr/sbin/runc" ]; then
    echo "leg $leg: downloading bookworm's runc into $dir/runc" >&2
    mkdir -p "$dir/runc"
    (cd "$dir/runc" && apt-get download runc && dpkg -x runc_*.deb .) || {
      echo "leg $leg: no runc here and bookworm's could not be downloaded: apt-get install runc" >&2; exit 3; }
  fi
  mkdir -p "$DOCKER_CONFIG/cli-plugins"
  ln -sf "$root/usr/libexec/docker/cli-plugins/docker-compose" "$DOCKER_CONFIG/cli-plugins/docker-compose"
  leg_path="$root/usr/sbin:$root/usr/bin:$dir/runc/usr/sbin:$PATH"
  dockerd_bin="$root/usr/sbin/dockerd"
  proxy_bin="$root/usr/sbin/docker-proxy"
  # Sid's client alone (not the rest of its /usr/bin) first on the command's PATH.
  if [ "$suite" = sid ]; then
    mkdir -p "$dir/client"
    ln -sf "$root/usr/bin/docker" "$dir/client/docker"
    export PATH="$dir/client:$PATH"
  fi
}

started_pid=""
# Stops the daemon this script started (and nothing else), as docker-engine.sh stops its own.
stop_daemon() {
  [ -n "$started_pid" ] || return 0
  # A restart (AOL_ENGINE_RESTART) leaves the new daemon's pid in the pid file.
  local pid="$started_pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then pid="$(cat "$pidfile")"; fi
  echo "$pid" >"$pidfile"
  AOL_DOCKERD_PIDFILE="$pidfile" bash "$here/docker-engine.sh" stop 2>/dev/null || true
  echo "leg $name: stopped its dockerd (pid $pid)" >&2
}

# A dockerd of the leg's own on $socket; keeps one that already answers there.
start_daemon() {
  if [ -n "$netns" ] && ! ip netns list | grep -qw "$netns"; then
    ip netns add "$netns"
    ip netns exec "$netns" ip link set lo up
  fi
  if DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1; then
    echo "leg $name: a daemon already answers on $socket: using it, and leaving it running" >&2
    return 0
  fi
  echo "leg $name: starting $dockerd_bin on $socket${netns:+ in netns $netns} (log: $logfile)" >&2
  # Its own session (a Ctrl-C must not reach it), its own state, and address pools that do not
  # overlap the default engine's 172.17.0.0/16 and its compose networks.
  local pool base
  case "$leg" in
    26) pool=10.126.0.0/16; base=10.127.0.1/24 ;;
    28) pool=10.128.0.0/16; base=10.129.0.1/24 ;;
    *) pool=10.120.0.0/16; base=10.121.0.1/24 ;;
  esac
  local run=("$dockerd_bin" -H "unix://$socket" --data-root "$state" --exec-root "$exec_root" --pidfile "$pidfile"
    --userland-proxy-path "$proxy_bin" --default-address-pool "base=$pool,size=24" --bip "$base")
  if [ -n "$netns" ]; then run=(nsenter "--net=/run/netns/$netns" "${run[@]}"); fi
  # setsid, nohup and nsenter exec, and a background child is never a group leader: $! is the
  # daemon's pid.
  PATH="$leg_path" setsid nohup "${run[@]}" >"$logfile" 2>&1 </dev/null &
  started_pid=$!
  for _ in $(seq 1 150); do
    if DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$started_pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "leg $name: dockerd did not answer on $socket within 30 s; last lines of $logfile:" >&2
  tail -n 20 "$logfile" >&2 || true
  exit 3
}

# The lab's base image into the leg's engine: copied from another engine when it has it (no
# registry here), else built from Debian packages right there. The lab builds its own image on
# top, in this engine, as it does for a learner (a loaded image would not serve as build cache).
provide_images() {
  local source="$images_from" image
  for image in async-outage-lab/base:trixie; do
    if docker image inspect "$image" >/dev/null 2>&1; then continue; fi
    if [ "unix://$socket" != "$source" ] && DOCKER_HOST="$source" docker image inspect "$image" >/dev/null 2>&1; then
      echo "leg $name: copying $image from $source" >&2
      DOCKER_HOST="$source" docker save "$image" | docker load >/dev/null
    fi
  done
  if ! docker image inspect async-outage-lab/base:trixie >/dev/null 2>&1 && ! docker image inspect debian:trixie-slim >/dev/null 2>&1; then
    bash "$here/build-base.sh"
  fi
}

if [ "$leg" = 26 ]; then
  fetch_debian trixie
elif [ "$leg" = 28 ]; then
  fetch_debian sid
else
  leg_path="$PATH"
  dockerd_bin="$(command -v dockerd || echo /usr/sbin/dockerd)"
  proxy_bin="$(command -v docker-proxy || echo /usr/bin/docker-proxy)"
  rm -f "$DOCKER_CONFIG/cli-plugins/docker-compose"
fi

if [ -n "$socket" ]; then
  # The daemon is stopped however this ends, a Ctrl-C included.
  trap stop_daemon EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_daemon
  export DOCKER_HOST="unix://$socket"
  provide_images
  # Only a daemon this script started may be restarted by what it runs (the fault tests).
  if [ -n "$started_pid" ]; then
    export AOL_ENGINE_RESTART="AOL_DOCKERD_PIDFILE='$pidfile' AOL_DOCKERD_LOG='$logfile' bash '$here/docker-engine.sh' restart"
  fi
else
  bash "$here/docker-engine.sh" ensure
  # The default engine, when docker-engine.sh started it (CI does): its pid file says so.
  default_pidfile="${AOL_DOCKERD_PIDFILE:-/tmp/async-outage-lab-dockerd.pid}"
  if [ -f "$default_pidfile" ] && kill -0 "$(cat "$default_pidfile")" 2>/dev/null; then
    export AOL_ENGINE_RESTART="AOL_DOCKERD_PIDFILE='$default_pidfile' bash '$here/docker-engine.sh' restart"
  fi
fi

# The lab picks its compose by this variable (src/docker/compose.ts): v1 on leg 20 even where a
# v2 plugin is installed, v2 on legs 26 and 28.
export ASYNC_OUTAGE_LAB_COMPOSE="$compose"
engine="$(docker version --format '{{.Server.Version}}')"
case "$leg:$engine" in
  20:20.10.*|26:26.1.*|28:28.5.*) ;;
  *) echo "leg $name: note: the engine here is $engine, not $(case "$leg" in 20) echo 20.10 ;; 26) echo 26.1 ;; *) echo 28.5 ;; esac)" >&2 ;;
esac
if [ "$compose" = v2 ]; then compose_version="$(docker compose version --short)"; else compose_version="$(docker-compose version --short)"; fi
echo "leg $name: engine $engine, compose $compose $compose_version, client $(docker version --format '{{.Client.Version}}')" >&2
set +e
in_ns "$@"
code=$?
set -e
exit $code
