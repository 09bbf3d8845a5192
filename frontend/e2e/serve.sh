# Sourced by run.sh and sso-run.sh (from the repository root, after `set -eu`): starts `wails dev` for the
# whole-system suites and waits until it answers on http://localhost:34115. Sets T (the app's private HOME)
# and PG (wails dev's process group, stopped on exit). Takes APPARGS and LOGNAME.
#
# - A private copy of the work tree (scripts/private-copy.sh): builds by others in a shared checkout
#   regenerate frontend/wailsjs and frontend/dist under a running wails dev.
# - The production bundle, what the app embeds (scripts/prod-frontend.sh), served by wails dev's asset server (no Vite dev server):
#   Vite's dev server optimises dependencies on first use and can re-bundle them under a page that is
#   loading (two copies of a module, stale imports); that made fresh tabs flaky (CI, 2026-11-22).
# - `-m` keeps wails from running `go mod tidy`; `-s` from running `npm ci`; `-nogorebuild` and
#   `-noreload` keep one build for the whole run.
T=$(mktemp -d)
PG=
cleanup() { [ -z "$PG" ] || { kill -- "-$PG" 2>/dev/null || true; sleep 1; kill -9 -- "-$PG" 2>/dev/null || true; }; rm -rf "$T"; }
trap cleanup EXIT INT TERM
sh scripts/private-copy.sh "$T/src"
LOG=${CCPDESK_ARTIFACTS:-/tmp/ccpdesk-e2e}/$LOGNAME
mkdir -p "$(dirname "$LOG")"
cd "$T/src"
sh scripts/prod-frontend.sh >"$LOG" 2>&1 || { tail -30 "$LOG" >&2; echo "building the frontend failed; see $LOG" >&2; exit 1; }
# The app gets a private HOME; Go keeps the user's build and module caches (a cold build takes minutes).
env GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" GOPATH="$(go env GOPATH)" \
  HOME="$T" XDG_CONFIG_HOME="$T/.config" XDG_CACHE_HOME="$T/.cache" XDG_DATA_HOME="$T/.local/share" \
  CCPDESK_SANDBOX_HOST=localhost \
  setsid xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
  wails dev -m -s -skipbindings -assetdir frontend/dist -nogorebuild -noreload -tags webkit2_41 -appargs "$APPARGS" >>"$LOG" 2>&1 &
PG=$!
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:34115/ || true)" = 200 ]; do
  i=$((i + 1)); [ $i -lt 450 ] || { echo "wails dev did not start within 15 minutes; see $LOG" >&2; exit 1; }
  kill -0 "$PG" 2>/dev/null || { tail -30 "$LOG" >&2; echo "wails dev exited; see $LOG" >&2; exit 1; }
  sleep 2
done
