#!/usr/bin/env bash
# Records what the redis-eviction criteria read, from a running lab, into
# fixtures/redis-eviction/<state>/: Redis's INFO sections, CONFIG GET, the queue and `unacked`
# (redis-cli --json), the web's ledger, and `docker inspect` of the three containers.
# Usage: bash scripts/record-redis-eviction.sh STATE   (e.g. broken, policy-only, fixed-drained)
set -euo pipefail
state="${1:?usage: $0 STATE}"
out="$(cd "$(dirname "$0")/.." && pwd)/fixtures/redis-eviction/$state"
mkdir -p "$out"
cli() { docker exec redis redis-cli "$@"; }
# The lab observes without touching the keys' LRU clocks; the recorder does the same where it can.
for section in server memory stats keyspace errorstats commandstats; do cli INFO "$section" | tr -d '\r' > "$out/info-$section.txt"; done
cli --json CONFIG GET 'maxmemory*' > "$out/config.json"
cli --json LRANGE celery 0 -1 > "$out/queue.json"
cli --json HGETALL unacked > "$out/unacked.json"
cli ZRANGE unacked_index 0 -1 WITHSCORES | tr -d '\r' > "$out/unacked-index.txt"
docker exec web node -e "fetch('http://127.0.0.1:8080/internal/ledger').then((r) => r.text()).then((t) => process.stdout.write(t))" > "$out/ledger.json"
docker inspect web redis worker > "$out/inspect.json"
date -u +%Y-%m-%dT%H:%M:%S.%3NZ > "$out/recorded-at.txt"
echo "recorded $state into $out"
