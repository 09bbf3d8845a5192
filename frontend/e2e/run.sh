#!/bin/sh
# Starts `wails dev` (sandbox, browser mode) under Xvfb, runs the panel e2e flows in headless
# Chromium against it, and stops it. From the repository root: sh frontend/e2e/run.sh
# [e2e/region-resiliency.e2e.mjs ...] (default: every suite; node runs the files in name order).
# `-m` keeps wails from running `go mod tidy`; `-nogorebuild` and CCPDESK_E2E_FROZEN (no Vite hot
# updates) keep one build for the whole run, whatever else changes in the tree meanwhile.
set -eu
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
# A private copy of the work tree (tracked and untracked files, node_modules hard-linked): builds by
# others in a shared checkout regenerate frontend/wailsjs and frontend/dist under a running wails dev,
# and pages loaded later in the run would get the half-written files (cf. bench/copy.sh).
L=$(mktemp)
git ls-files -co --exclude-standard -z >"$L"
mkdir -p "$T/src"
tar -c --null -T "$L" | tar -x -C "$T/src"
rm -f "$L"
cp -al frontend/node_modules "$T/src/frontend/node_modules"
if [ -e frontend/package.json.md5 ]; then cp frontend/package.json.md5 "$T/src/frontend/"; fi
cd "$T/src"
LOG=${CCPDESK_ARTIFACTS:-/tmp/ccpdesk-e2e}/wails-dev.log
mkdir -p "$(dirname "$LOG")"
env HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_CACHE_HOME="$T/.cache" XDG_DATA_HOME="$T/.local/share" \
  CCPDESK_SANDBOX_HOST=localhost CCPDESK_E2E_FROZEN=1 \
  setsid xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
  wails dev -m -nogorebuild -tags webkit2_41 -noreload -appargs "--no-single-instance" >"$LOG" 2>&1 &
PG=$!
cleanup() { kill -- "-$PG" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:34115/ || true)" = 200 ]; do
  i=$((i + 1)); [ $i -lt 450 ] || { echo "wails dev did not start within 15 minutes; see $LOG" >&2; exit 1; }
  kill -0 "$PG" 2>/dev/null || { echo "wails dev exited; see $LOG" >&2; exit 1; }
  sleep 2
done
[ $# -gt 0 ] || set -- e2e/panel.e2e.mjs e2e/region-logs.e2e.mjs e2e/region-resiliency.e2e.mjs
# The app's data directory, where the suites check what it persists (region.json).
cd frontend && CCPDESK_E2E_DATA_HOME="$T/.local/share" node --test --test-concurrency=1 "$@"
