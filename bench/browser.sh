#!/bin/sh
# Starts `wails dev` (sandbox, browser mode) under Xvfb like frontend/e2e/run.sh, runs bench/browser.mjs in
# headless Chromium against it, and stops it. Usage: sh bench/browser.sh OUTDIR (from bench/run.sh).
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/ccpdesk-bench}
mkdir -p "$OUT"
T=$(mktemp -d)
LOG=$OUT/wails-dev.log
env HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_CACHE_HOME="$T/.cache" XDG_DATA_HOME="$T/.local/share" \
  CCPDESK_SANDBOX_HOST=localhost \
  setsid xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
  wails dev -m -tags webkit2_41 -noreload -appargs "--no-single-instance" >"$LOG" 2>&1 &
PG=$!
cleanup() { kill -- "-$PG" 2>/dev/null || true; sleep 1; kill -9 -- "-$PG" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
S=$(date +%s)
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:34115/ || true)" = 200 ]; do
  i=$((i + 1)); [ $i -lt 150 ] || { echo "wails dev did not start; see $LOG" >&2; exit 1; }
  sleep 2
done
CONTROL=$(grep -o '"control":"http://[^"]*"' "$LOG" | head -1 | sed 's/"control":"//; s/"$//')
[ -n "$CONTROL" ] || { echo "no ccpsim control URL in $LOG" >&2; exit 1; }
echo "wails dev up in $(($(date +%s) - S)) s; ccpsim control $CONTROL"
CCPDESK_CONTROL=$CONTROL OUT="$OUT/browser.json" node bench/browser.mjs
