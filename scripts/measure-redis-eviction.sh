#!/usr/bin/env bash
# Runs `up` of the redis-eviction outage N times on the current Docker engine and prints, per run,
# its exit code, wall time, the exports lost at the hand-over and evicted_keys; then the tally.
# Usage: bash scripts/measure-redis-eviction.sh [N]   (default 20; each run replaces the lab)
set -uo pipefail
runs="${1:-20}"
here="$(cd "$(dirname "$0")/.." && pwd)"
ok=0
for i in $(seq 1 "$runs"); do
  node "$here/bin/async-outage-lab.js" down --json >/dev/null 2>&1
  start=$(date +%s.%N)
  out=$(node "$here/bin/async-outage-lab.js" up redis-eviction --json 2>/tmp/measure-redis-eviction.err)
  code=$?
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  line=$(printf '%s' "$out" | python3 -c '
import json, sys
try:
    d = json.loads(sys.stdin.read())
    steps = {s.get("title", "")[:24]: s.get("ms") for s in d.get("timings", d.get("steps", []))}
    print("lost=%s evicted_keys=%s busy_hour=%s queue=%s" % (d.get("lostAtHandover"), d.get("evictedKeys"), d.get("busyHour"), d.get("queueDepth")))
except Exception as e:
    print("unparsed")')
  [ "$code" = 0 ] && ok=$((ok + 1))
  printf 'run %2d: exit %s, %.1f s, %s\n' "$i" "$code" "$seconds" "$line"
  [ "$code" = 0 ] || tail -3 /tmp/measure-redis-eviction.err
done
echo "reproduced $ok of $runs"
