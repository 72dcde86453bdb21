#!/usr/bin/env bash
# Sets up what the tests need, for `npm test` and .ci/run alike:
#   zsh and fish (the lab shell's tests cover bash, zsh and fish),
#   Chromium (the classroom test renders its page in a real headless browser),
#   a Docker engine that answers (scripts/docker-engine.sh ensure).
# On a Debian/Ubuntu machine where we are root, what is missing is installed from Debian's
# packages; anywhere else the script names what is missing and how to get it, and exits 3.
# Once it has passed it leaves a stamp that the tests read: from then on a missing shell fails
# its test instead of skipping it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/../node_modules/.cache/async-outage-lab/test-setup"

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }

missing=()
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
have_chromium || missing+=(chromium)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(uname -s)" = Linux ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test set-up: installing ${missing[*]} from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The package lists may be missing or stale on a fresh machine: refresh them once on failure.
    if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
      if ! apt-get update -qq >/dev/null || ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        echo "test set-up: apt-get could not install ${missing[*]} (messages above): another apt may hold its lock, or no mirror answers." >&2
        exit 3
      fi
    fi
  else
    echo "test set-up: the tests need ${missing[*]}, which are not installed. Install them (e.g. \`sudo apt-get install ${missing[*]}\`, \`brew install ${missing[*]}\`), then run the tests again." >&2
    exit 3
  fi
fi

bash "$here/docker-engine.sh" ensure
mkdir -p "$(dirname "$stamp")"
printf 'zsh=%s\nfish=%s\n' "$(command -v zsh)" "$(command -v fish)" >"$stamp"
