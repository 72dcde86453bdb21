#!/usr/bin/env bash
# Makes sure a Docker engine answers.
#   ensure: if no daemon answers and this is a Debian/Ubuntu machine where we are root, install
#           Debian's docker.io and docker-compose (when missing, and only when Docker's own
#           docker-ce packages are not installed) and start dockerd in the background in its own
#           session; it records the pid in $AOL_DOCKERD_PIDFILE so `stop` can end it.
#           Anywhere else it says how to start Docker and exits 3.
#   stop:   stops the dockerd that `ensure` started (and nothing else).
#   restart: stops the dockerd whose pid $AOL_DOCKERD_PIDFILE holds and starts it again with the
#           same command line, PATH and network namespace (the fault tests restart the engine
#           they run on); fails, exit 3, when that file names no running daemon.
set -euo pipefail
pidfile="${AOL_DOCKERD_PIDFILE:-/tmp/async-outage-lab-dockerd.pid}"
logfile="${AOL_DOCKERD_LOG:-/tmp/async-outage-lab-dockerd.log}"

# True when a daemon answers. A daemon that answers but refuses us (the socket belongs to the
# docker group) is not "no daemon": starting or installing another would not help, so say so.
answers() {
  local err
  if err="$(docker info 2>&1 >/dev/null)"; then return 0; fi
  case "$err" in
    *[Pp]ermission\ denied*)
      echo "A Docker daemon runs, but you may not use its socket:" >&2
      echo "  $err" >&2
      echo "Add yourself to the docker group: \`sudo usermod -aG docker \$USER\`, then log in again." >&2
      exit 3 ;;
  esac
  return 1
}

# True when one of Docker's own packages (docker-ce, docker-ce-cli) is installed: Debian's docker.io
# conflicts with them, and installing it would remove the user's Docker.
docker_ce_installed() {
  local package
  for package in docker-ce docker-ce-cli; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then return 0; fi
  done
  return 1
}

has_compose() { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; }

install_packages() {
  echo "installing $* from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  # apt's own codes (100 for a held lock as for a missing package) would read as "the lab failed".
  if ! apt-get update -qq >/dev/null; then
    echo "apt-get update failed (messages above): another apt or dpkg may hold its lock, or no package mirror answers." >&2
    echo "Wait for it to finish or fix the mirror, then run this again; or install Docker yourself and start it." >&2
    exit 3
  fi
  if ! apt-get install -y -qq "$@" >/dev/null; then
    echo "apt-get install $* failed (messages above): another apt or dpkg may hold its lock, or no package mirror has them." >&2
    echo "Wait for it to finish or fix the mirror, then run this again; or install Docker yourself and start it." >&2
    exit 3
  fi
}

ensure() {
  if answers; then return 0; fi
  if [ "$(uname -s)" != "Linux" ] || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "No Docker daemon answers. Start Docker Desktop, or the engine (\`sudo systemctl start docker\`)." >&2
    exit 3
  fi
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  has_compose || missing+=(docker-compose)
  # The base image is built from Debian packages where no registry answers: mmdebstrap is the fast way.
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [[ " ${missing[*]} " == *" docker"* ]] && docker_ce_installed; then
      echo "No Docker daemon answers, and Docker's own packages (docker-ce) are installed: Debian's docker.io and docker-compose would replace them, so they are not installed." >&2
      if command -v dockerd >/dev/null 2>&1; then
        echo "Start that engine instead: \`sudo systemctl start docker\` (or \`sudo dockerd &\` without systemd)." >&2
      else
        echo "Only its client is here: \`sudo apt-get install docker-ce\` from Docker's repository, then \`sudo systemctl start docker\`." >&2
      fi
      if ! has_compose; then echo "Compose is missing too: \`sudo apt-get install docker-compose-plugin\` from Docker's repository." >&2; fi
      exit 3
    fi
    install_packages "${missing[@]}"
  fi
  echo "starting dockerd (log: $logfile)" >&2
  # Its own session: a Ctrl-C in the terminal that ran this (npm's foreground process group) must
  # not reach the daemon. The background child is never a process group leader, so setsid does
  # not fork and $! stays dockerd's pid (setsid and nohup exec).
  setsid nohup dockerd >"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  await_daemon $! "dockerd is up"
}

# Until the daemon with pid $1 answers (then records it in the pid file and says $2), at most 30 s.
await_daemon() {
  for _ in $(seq 1 150); do
    if answers; then echo "$1" >"$pidfile"; echo "$2 (pid $1)" >&2; return 0; fi
    if ! kill -0 "$1" 2>/dev/null; then break; fi
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

restart() {
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "no running dockerd recorded in $pidfile: only a daemon this project started is restarted" >&2
    exit 3
  fi
  # Read before it stops: its arguments, its PATH (leg 26 finds its containerd there) and, when it
  # is not the host's, its network namespace (entered through a handle kept open across the stop).
  local cmd=() path netns=()
  mapfile -d '' cmd <"/proc/$pid/cmdline"
  path="$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^PATH=//p' | head -n 1)"
  if [ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ]; then
    exec {ns_fd}<"/proc/$pid/ns/net"
    netns=(nsenter "--net=/proc/$$/fd/$ns_fd")
  fi
  stop
  echo "restarting ${cmd[0]} (log: $logfile)" >&2
  PATH="${path:-$PATH}" setsid nohup "${netns[@]}" "${cmd[@]}" >>"$logfile" 2>&1 </dev/null &
  # Recorded once it answers: a daemon started with --pidfile on this same file refuses a file
  # that already names a live process (its own pid included).
  await_daemon $! "dockerd is up again"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  stop) stop ;;
  restart) restart ;;
  *) echo "usage: $0 ensure|stop|restart" >&2; exit 2 ;;
esac
