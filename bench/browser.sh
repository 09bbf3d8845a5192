#!/bin/sh
# Starts `wails dev` (sandbox, browser mode) under Xvfb like frontend/e2e/run.sh, runs bench/browser.mjs in
# headless Chromium against it, and stops it. Usage: sh bench/browser.sh OUTDIR (from bench/run.sh).
# FRONTEND=prod (default) serves the production build (`vite build`, what the app embeds) from wails dev's asset
# server; FRONTEND=dev serves Vite's dev server (React's development build: several times slower renders, what
# the runs before 2026-11-22 02:40 measured). BENCH_JS=/abs/script.mjs runs another playwright script against
# the same wails dev (profiling with CDP's Profiler / HeapProfiler).
#
# Isolation from the people sharing this machine and checkout:
# - wails dev runs in a private copy of the work tree (tracked and untracked files, node_modules hard-linked;
#   the copy stays between runs in BENCH_SRC so Go's build cache stays warm): other builds in the shared
#   checkout regenerate frontend/wailsjs and frontend/dist, and wails dev's own `npm ci` would replace
#   node_modules (-s skips it: the copy has them already);
# - everything runs in a private network namespace with only loopback (unshare -Urn): the sandbox only
#   approves http://localhost:34115, and other people's panel e2e runs use that port too.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/ccpdesk-bench}
mkdir -p "$OUT"
if [ "${2:-}" != "--inner" ]; then
  SRC=${BENCH_SRC:-/tmp/ccpdesk-bench-src}
  sh scripts/private-copy.sh "$SRC"
  ROOT=$(pwd)
  cd "$SRC"
  exec env BENCH_ROOT="$ROOT" GOPROXY=off unshare -Urn sh bench/browser.sh "$OUT" --inner
fi
ip link set lo up
T=$(mktemp -d /tmp/ccpdesk-bench-home.XXXXXX)
LOG=$OUT/wails-dev.log
DEVFLAGS=""
if [ "${FRONTEND:-prod}" = prod ]; then
  # The copy only: bindings, then the production bundle; wails dev serves it with no watcher, no Vite.
  sh scripts/prod-frontend.sh >"$OUT/prod-frontend.log" 2>&1 || { tail -20 "$OUT/prod-frontend.log" >&2; exit 1; }
  DEVFLAGS="-skipbindings -assetdir frontend/dist"
fi
env HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_CACHE_HOME="$T/.cache" XDG_DATA_HOME="$T/.local/share" \
  GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" CCPDESK_SANDBOX_HOST=localhost \
  setsid xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
  wails dev -m -nosyncgomod -s -tags webkit2_41 -noreload $DEVFLAGS -appargs "--no-single-instance --browser-only" >"$LOG" 2>&1 &
PG=$!
cleanup() { kill -- "-$PG" 2>/dev/null || true; sleep 1; kill -9 -- "-$PG" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
S=$(date +%s)
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:34115/ || true)" = 200 ]; do
  i=$((i + 1)); [ $i -lt 240 ] || { echo "wails dev did not start; see $LOG" >&2; tail -30 "$LOG" >&2; exit 1; }
  sleep 2
done
CONTROL=$(grep -o '"control":"http://[^"]*"' "$LOG" | head -1 | sed 's/"control":"//; s/"$//')
[ -n "$CONTROL" ] || { echo "no ccpsim control URL in $LOG" >&2; exit 1; }
echo "wails dev up in $(($(date +%s) - S)) s (frontend: ${FRONTEND:-prod} build; private copy in $(pwd), private network namespace); ccpsim control $CONTROL"
CCPDESK_CONTROL=$CONTROL OUT="$OUT/browser.json" node "${BENCH_JS:-bench/browser.mjs}"
