#!/usr/bin/env bash
# The unit tests once, then the end-to-end files split over Docker engine legs, each leg its own
# engine (scripts/engine-leg.sh): what `npm test` runs when AOL_TEST_LEGS names legs (.ci/run sets
# "28 20 26"); without it `npm test` runs every file on the engine it set up. By default:
#   leg 28: Engine 28.5 + containerd 2.1 + Compose 2.40 (Debian sid's, its own dockerd through
#           scripts/engine-leg.sh): the default outage's whole end-to-end suite but the classroom;
#   leg 20: Engine 20.10 + Compose v1 (the default engine): the default outage's playthrough, the
#           classroom (its sandboxes run their own 26.1 daemons, nested in this leg's engine), and
#           every other outage's files but its playthrough and its demos: its start, its
#           learner-path corpus, its randomized learner;
#   leg 26: Engine 26.1 + Compose 2.26 (trixie's, its own dockerd): every outage's playthrough, and
#           every other outage's demos (7N-demos-<id>: each demo beside that outage's staged lab;
#           the default outage's demos, 70-demos, run on leg 28 with its other files).
# A leg's files are vitest's filters over test/e2e (AOL_CI_LEG<N>_FILES overrides them; "" runs
# every file); a scenario's files name its id in their path (test/e2e/<id>/, *-<id>.test.ts) or in
# their top describe (`<id>: ...`); files that name none prove the default outage (.ci/e2e-report.mjs).
# Each leg prints its engine and compose versions, its test counts and wall time, each file's and
# each scenario's wall time, each failed test with the first lines of its failure, and the
# explorer's seeds; the summary at the end says which leg ran what.
# Every outage's explorer (randomized learner) gets a fresh AOL_EXPLORE_SEED per run, printed with
# the command that replays it.
# Budget: the run must end within AOL_CI_BUDGET_S (default 3300 s) counted from AOL_CI_STARTED
# (seconds since the epoch; default: now). Leg 28 runs every file, so it measures what each costs
# here; before each later leg, what its files took on leg 28 is compared with the time left, and
# the leg drops, in this order, the default outage's explorer and corpus (when AOL_CI_LEG<N>_FILES
# asked for them) until it fits, and says so. A playthrough, the classroom and another outage's
# only run are never dropped.
# A leg's own engine: AOL_CI_LEG<N>_SOCKET, AOL_CI_LEG<N>_NETNS and AOL_CI_LEG<N>_NAME (passed to
# scripts/engine-leg.sh as AOL_LEG_SOCKET, AOL_LEG_NETNS, AOL_LEG_NAME): on a machine whose
# default engine is busy, leg 20 gets a dockerd 20.10 of its own that way.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${AOL_REPORT_DIR:-$PWD/reports}"
legs="${AOL_TEST_LEGS:?name the legs, e.g. AOL_TEST_LEGS="28 20 26"}"
started="${AOL_CI_STARTED:-$(date +%s)}"
summary=()
print_summary() {
  code=$?
  for line in "${summary[@]}"; do echo "$line"; done
  exit $code
}
trap print_summary EXIT

docker version --format 'ci: docker client {{.Client.Version}}, engine {{.Server.Version}}'
# No registry here: make sure the base image exists (built from Debian packages when missing).
# Legs 26 and 28 copy it from this engine.
if ! docker image inspect async-outage-lab/base:trixie >/dev/null 2>&1 && ! docker image inspect debian:trixie-slim >/dev/null 2>&1; then
  if ! timeout 60 docker pull debian:trixie-slim; then
    bash scripts/build-base.sh
  fi
fi

unit_started=$(date +%s)
if ! npx vitest run --project unit; then
  summary+=("ci: unit tests failed after $(( $(date +%s) - unit_started )) s (above); no leg ran")
  exit 1
fi
summary+=("ci: unit tests passed in $(( $(date +%s) - unit_started )) s")

mkdir -p "$reports"
# A fresh explorer seed this run (one given in the environment is kept), used by every outage's
# randomized learner; each prints the command that replays it.
scenario_ids="$(node .ci/e2e-report.mjs scenarios)"
export AOL_EXPLORE_SEED="${AOL_EXPLORE_SEED:-$(( (RANDOM << 15 | RANDOM) % 100000 ))}"
summary+=("ci: explorer seed $AOL_EXPLORE_SEED for every outage's randomized learner (each prints the command that replays it; AOL_EXPLORE_SEED=$AOL_EXPLORE_SEED runs them all again)")
echo "${summary[-1]}"

# The files each leg runs (vitest filters), by default.
# Leg 28 runs every file of the default outage (its corpus and explorer included); each other
# outage's files (their names carry its id) run on leg 20, beside the default outage's playthrough
# and the classroom, but its playthrough and its demos (7N-demos-<id>), which run on leg 26 beside
# the default outage's playthrough. The filter "demos-" names those demo files and not the default
# outage's 70-demos (a filter with a leading dash would be read as an option). AOL_CI_LEG20_FILES="playthrough 50-paths explore classroom ..."
# adds the default outage's corpus and explorer there too (about 15 minutes more).
other_scenarios=($(tail -n +2 <<<"$scenario_ids"))
leg_files() {
  case "$1" in
    28) echo "" ;;
    20) echo "playthrough classroom ${other_scenarios[*]}" ;;
    26) echo "playthrough demos-" ;;
    *) echo "playthrough" ;;
  esac
}
# What a later leg drops, in order, when its files would end the run past the budget: what leg 28
# already proved of the default outage; never the classroom's or another outage's only run.
droppable=(explore 50-paths)

# One leg: the given e2e files, one at a time (one lab per engine), its counts and times read from
# vitest's JSON report, its log kept beside it.
run_leg() {
  local leg=$1 report="$reports/e2e-leg-$1.json" log="$reports/e2e-leg-$1.log" leg_started code=0 versions
  shift
  leg_started=$(date +%s)
  rm -f "$report" "$report.versions"
  echo "ci: leg $leg: starting"
  local own=() var
  for var in SOCKET NETNS NAME; do
    local from="AOL_CI_LEG${leg}_$var"
    if [ -n "${!from+set}" ]; then own+=("AOL_LEG_$var=${!from}"); fi
  done
  env "${own[@]}" bash scripts/engine-leg.sh "$leg" -- bash -c '
    echo "$(docker version --format "engine {{.Server.Version}}"), compose $ASYNC_OUTAGE_LAB_COMPOSE $(if [ "$ASYNC_OUTAGE_LAB_COMPOSE" = v2 ]; then docker compose version --short; else docker-compose version --short; fi)" >"$0.versions"
    exec npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$0" "$@"' "$report" "$@" 2>&1 | tee "$log" || code=$?
  versions="$(cat "$report.versions" 2>/dev/null || echo "engine unknown (the leg did not start)")"
  local lines counts
  lines="$(node .ci/e2e-report.mjs summary "$report" "$leg" 2>/dev/null || echo "no test report")"
  counts="$(head -n 1 <<<"$lines")"
  summary+=("ci: leg $leg ($versions): $counts, in $(( $(date +%s) - leg_started )) s, exit $code")
  echo "${summary[-1]}"
  while IFS= read -r line; do
    case "$line" in ci:*) summary+=("$line"); echo "$line" ;; esac
  done < <(tail -n +2 <<<"$lines"; grep -ao 'explore: [a-z-]*, seed [0-9]*, [0-9]* paths' "$log" | sed "s/^/ci: leg $leg:   /")
  return $code
}

failed=0
budget="${AOL_CI_BUDGET_S:-3300}"
measured=""
for leg in $legs; do
  var="AOL_CI_LEG${leg}_FILES"
  if [ -n "${!var+set}" ]; then read -ra filters <<<"${!var}"; else read -ra filters <<<"$(leg_files "$leg")"; fi
  # Fit the leg into what is left, from what its files took on the leg that ran them all.
  if [ -n "$measured" ]; then
    # Each leg after this one keeps at least its playthroughs: their time is set aside.
    later="${legs#*"$leg"}"
    reserve=$(( $(wc -w <<<"$later") * $(node .ci/e2e-report.mjs estimate "$measured" playthrough) ))
    for drop in "" "${droppable[@]}"; do
      if [ -n "$drop" ]; then
        kept=()
        for f in "${filters[@]}"; do [ "$f" = "$drop" ] || kept+=("$f"); done
        # Only what the leg has, and never its last filter (no filter at all means every file).
        { [ "${#kept[@]}" -gt 0 ] && [ "${#kept[@]}" -lt "${#filters[@]}" ]; } || continue
        filters=("${kept[@]}")
        summary+=("ci: leg $leg: dropped the files matching '$drop' to stay within the ${budget} s budget")
        echo "${summary[-1]}"
      fi
      left=$(( budget - ($(date +%s) - started) - reserve ))
      estimate=$(node .ci/e2e-report.mjs estimate "$measured" "${filters[@]}")
      [ "$estimate" -gt "$left" ] || break
    done
    echo "ci: leg $leg: its files are estimated at ${estimate} s (their times on leg 28; a file leg 28 did not run counts as its slowest); ${left} s of the budget are left after ${reserve} s set aside for the later legs' playthroughs"
  fi
  # The classroom runs on leg 20 only.
  exclude=()
  files="$(node .ci/e2e-report.mjs files "${filters[@]}")"
  if [ "$leg" != 20 ]; then exclude=(--exclude '**/*classroom*'); files="$(grep -v classroom <<<"$files" || true)"; fi
  if [ "$leg" = 28 ]; then
    for id in "${other_scenarios[@]}"; do exclude+=(--exclude "**/*$id*"); files="$(grep -v -- "$id" <<<"$files" || true)"; done
  fi
  # Another outage's playthrough (4N-playthrough-<id>) and demos (7N-demos-<id>) run on leg 26;
  # leg 20 has its corpus.
  if [ "$leg" = 20 ] && [ -z "${AOL_CI_LEG20_FILES+set}" ]; then
    exclude+=(--exclude '**/*playthrough-*' --exclude '**/*-demos-*')
    files="$(grep -v -e 'playthrough-' -e '-demos-' <<<"$files" || true)"
  fi
  summary+=("ci: leg $leg ran $(grep -c . <<<"$files" || true) files: $(sed 's|^test/e2e/||' <<<"$files" | paste -sd ' ')")
  echo "${summary[-1]}"
  run_leg "$leg" "${filters[@]}" "${exclude[@]}" || failed=1
  # The first leg that ran every file measures what each costs here.
  if [ "${#filters[@]}" -eq 0 ] && [ -f "$reports/e2e-leg-$leg.json" ]; then measured="$reports/e2e-leg-$leg.json"; fi
done
exit $failed
