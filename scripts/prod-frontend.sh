#!/bin/sh
# Usage (in a private copy of the tree, scripts/private-copy.sh): sh scripts/prod-frontend.sh
# Generates the bindings, builds the production bundle (what the app embeds; VITE_BUILD_FLAGS are passed to
# `vite build`) and drops the dev watcher from wails.json, so `wails dev -s -skipbindings -assetdir
# frontend/dist` serves that bundle rather than Vite's dev server (docs/design.md).
set -eu
cd "$(dirname "$0")/.."
echo "== bindings"
wails generate module -tags webkit2_41
echo "== production bundle"
# shellcheck disable=SC2086 # VITE_BUILD_FLAGS is a list of flags
(cd frontend && npx vite build --logLevel warn ${VITE_BUILD_FLAGS:-})
node -e 'const f="wails.json",j=JSON.parse(require("fs").readFileSync(f));delete j["frontend:dev:watcher"];delete j["frontend:dev:serverUrl"];require("fs").writeFileSync(f,JSON.stringify(j,null,2))'
