#!/usr/bin/env bash
# `npm test`: build, type-check, set up what the tests need (scripts/test-setup.sh: zsh, fish,
# Chromium, a Docker engine), then the tests: every unit and end-to-end file on the engine just
# set up, or, when AOL_TEST_LEGS names engine legs (as .ci/run does), the unit tests once and the
# end-to-end files split over those legs (scripts/test-legs.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run typecheck
bash scripts/test-setup.sh
if [ -n "${AOL_TEST_LEGS:-}" ]; then
  exec bash scripts/test-legs.sh
fi
exec npx vitest run
