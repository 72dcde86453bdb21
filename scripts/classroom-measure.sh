#!/usr/bin/env bash
# Measures a classroom on this host, for each N given: the time `classroom up --learners N` takes
# (the sandbox image already built), each sandbox's memory at rest, every learner but the last
# applying the card's fix at once and each sandbox's peak memory while those drains run, and
# whether `classroom status` then grades every learner right (the fixed ones solved, the last one
# investigating). Prints one line per N and a JSON line per N on stdout (for the notes).
# Usage: sudo bash scripts/classroom-measure.sh [N...]   (default: 1 4)
# Run it on an engine of its own (scripts/engine-leg.sh 20 with AOL_LEG_SOCKET): it removes the
# classroom it made at the end of each N, and leaves the sandbox image for the next.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 4)
lab() { node bin/async-outage-lab.js "$@"; }
parallel="${AOL_MEASURE_PARALLEL:-2}"
drain_timeout_s="${AOL_MEASURE_DRAIN_TIMEOUT_S:-300}"

# MiB of each sandbox's memory now, one "name MiB" a line (docker stats: usage less page cache).
memory_now() {
  docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' $(docker ps -q --filter label=io.async-outage-lab.classroom=sandbox) \
    | awk '{ v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[^0-9.]/, "", v); m = (u=="GiB") ? v*1024 : (u=="KiB" ? v/1024 : v); printf "%s %d\n", $1, m }'
}
# Depth of learner K's queue, read through their own daemon.
depth() { DOCKER_HOST="unix://$home/classroom/aol-learner-$(printf %02d "$1")/run/docker.sock" docker exec redis redis-cli LLEN celery 2>/dev/null | tr -dc 0-9; }

home="${ASYNC_OUTAGE_LAB_HOME:-$(mktemp -d /tmp/aol-measure.XXXXXX)}"
export ASYNC_OUTAGE_LAB_HOME="$home"
lab classroom down --keep-image >/dev/null 2>&1 || true
for n in "${counts[@]}"; do
  started=$(date +%s.%N)
  lab classroom up --learners "$n" --parallel "$parallel" --json >"$home/up-$n.json" || { echo "N=$n: up failed:"; jq -c '.failed' "$home/up-$n.json" 2>/dev/null; lab classroom down --keep-image >/dev/null; continue; }
  up_s=$(jq '.seconds' "$home/up-$n.json")
  idle=$(memory_now | awk '{ s+=$2; if ($2>max) max=$2; if (min==""||$2<min) min=$2 } END { printf "%d-%d", min, max }')
  fixed=$(( n > 1 ? n - 1 : 1 ))
  for k in $(seq 1 "$fixed"); do
    lab classroom shell "$k" -c 'docker update --memory 512m --memory-swap 512m worker >/dev/null && docker start worker >/dev/null && async-outage-lab check --component worker --cause oom-killed --json >/dev/null; true' >/dev/null &
  done
  wait
  # Samples every second until every fixed learner's queue is empty (or the named timeout).
  peak=0; drain_started=$(date +%s)
  while :; do
    now_peak=$(memory_now | awk '{ if ($2>max) max=$2 } END { print max+0 }')
    [ "$now_peak" -gt "$peak" ] && peak=$now_peak
    left=0; for k in $(seq 1 "$fixed"); do d=$(depth "$k"); left=$(( left + ${d:-1} )); done
    [ "$left" -eq 0 ] && break
    if [ $(( $(date +%s) - drain_started )) -ge "$drain_timeout_s" ]; then echo "N=$n: the drains had not ended after ${drain_timeout_s} s ($left jobs left)"; break; fi
    sleep 1
  done
  drain_s=$(( $(date +%s) - drain_started ))
  lab classroom status --json >"$home/status-$n.json"
  right=$(jq --argjson fixed "$fixed" --argjson n "$n" '[.rows[] | if .learner <= $fixed then .stage == "solved" else .stage == "investigating" end] | (length == $n) and all' "$home/status-$n.json")
  stages=$(jq -r '[.rows[].stage] | group_by(.) | map("\(length) \(.[0])") | join(", ")' "$home/status-$n.json")
  echo "N=$n: up ${up_s} s (parallel $parallel); idle ${idle} MiB per sandbox; ${fixed} drain(s) in ${drain_s} s, peak ${peak} MiB in one sandbox; graded right: ${right} (${stages})"
  jq -nc --argjson n "$n" --argjson up "$up_s" --arg idle "$idle" --argjson peak "$peak" --argjson drain "$drain_s" --argjson right "$right" --arg stages "$stages" --argjson parallel "$parallel" \
    '{n: $n, parallel: $parallel, upSeconds: $up, idleMiB: $idle, drainPeakMiB: $peak, drainSeconds: $drain, gradedRight: $right, stages: $stages}'
  lab classroom down --keep-image >/dev/null
done
