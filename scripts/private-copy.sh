#!/bin/sh
# Usage: sh scripts/private-copy.sh SRC — brings the private copy of the work tree at SRC up to date (tracked and untracked
# files, node_modules hard-linked) for whatever runs wails beside a shared checkout (bench, frontend/e2e/serve.sh): other people's builds in the
# shared checkout regenerate frontend/wailsjs and frontend/dist and run `npm ci` there (one such collision
# broke a run), and wails fills in its tracked NSIS template. The copy stays between runs so Go's build cache
# stays warm.
set -eu
cd "$(dirname "$0")/.."
SRC=$1
mkdir -p "$SRC"
L=$(mktemp)
git ls-files -co --exclude-standard -z >"$L"
tar -c --null -T "$L" | tar -x -C "$SRC"
rm -f "$L"
rm -rf "$SRC/frontend/node_modules" "$SRC/frontend/wailsjs"
cp -al frontend/node_modules "$SRC/frontend/node_modules"
# The shared node_modules may be mid-`npm ci` (someone else's build): then install the copy's own.
if [ ! -e "$SRC/frontend/node_modules/.bin/tsc" ] || [ ! -e "$SRC/frontend/node_modules/playwright-core" ]; then
  rm -rf "$SRC/frontend/node_modules"
  (cd "$SRC/frontend" && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
