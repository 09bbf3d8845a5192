#!/bin/sh
# Starts `wails dev` with --sandbox-sso (browser mode) under Xvfb, runs the SAML sign-in flow in
# headless Chromium against it (frontend/e2e/sso.e2e.mjs), and stops it. From the repository
# root: sh frontend/e2e/sso-run.sh. `-m` keeps wails from running `go mod tidy`; `-nogorebuild` keeps a Go edit
# elsewhere in the checkout from restarting the app (and its ccpsim) in the middle of the sign-in.
set -eu
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
LOG=${CCPDESK_ARTIFACTS:-/tmp/ccpdesk-e2e}/wails-dev-sso.log
mkdir -p "$(dirname "$LOG")"
# The app gets a private HOME; Go keeps the user's build and module caches (a cold build takes minutes).
env GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" GOPATH="$(go env GOPATH)" \
  HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_CACHE_HOME="$T/.cache" XDG_DATA_HOME="$T/.local/share" \
  CCPDESK_SANDBOX_HOST=localhost \
  setsid xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
  wails dev -m -tags webkit2_41 -noreload -nogorebuild -appargs "--no-single-instance --sandbox-sso" >"$LOG" 2>&1 &
PG=$!
cleanup() { kill -- "-$PG" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:34115/ || true)" = 200 ]; do
  i=$((i + 1)); [ $i -lt 450 ] || { echo "wails dev did not start within 15 minutes; see $LOG" >&2; exit 1; }
  kill -0 "$PG" 2>/dev/null || { echo "wails dev exited; see $LOG" >&2; exit 1; }
  sleep 2
done
cd frontend && node --test --test-concurrency=1 e2e/sso.e2e.mjs
