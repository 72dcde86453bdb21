#!/usr/bin/env bash
# Makes sure a Docker engine answers.
#   ensure: if no daemon answers and this is a Debian/Ubuntu machine where we are root, install
#           Debian's docker.io and docker-compose (when missing) and start dockerd in the
#           background; it records the pid in $AOL_DOCKERD_PIDFILE so `stop` can end it.
#           Anywhere else it says how to start Docker and exits 3.
#   stop:   stops the dockerd that `ensure` started (and nothing else).
set -euo pipefail
pidfile="${AOL_DOCKERD_PIDFILE:-/tmp/async-outage-lab-dockerd.pid}"
logfile="${AOL_DOCKERD_LOG:-/tmp/async-outage-lab-dockerd.log}"

answers() { docker info >/dev/null 2>&1; }

ensure() {
  if answers; then return 0; fi
  if [ "$(uname -s)" != "Linux" ] || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "No Docker daemon answers. Start Docker Desktop, or the engine (\`sudo systemctl start docker\`)." >&2
    exit 3
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; } \
     || ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing Debian's docker.io, docker-compose and debootstrap" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq docker.io docker-compose debootstrap >/dev/null
  fi
  echo "starting dockerd (log: $logfile)" >&2
  nohup dockerd >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 150); do
    if answers; then echo "dockerd is up (pid $(cat "$pidfile"))" >&2; return 0; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "dockerd did not answer within 30 s; last lines of $logfile:" >&2
  tail -n 20 "$logfile" >&2 || true
  exit 3
}

stop() {
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "stopped the dockerd started by this script" >&2
}

case "${1:-ensure}" in
  ensure) ensure ;;
  stop) stop ;;
  *) echo "usage: $0 ensure|stop" >&2; exit 2 ;;
esac
