#!/bin/sh
# Starts `wails dev` (sandbox, browser mode, production bundle) under Xvfb, runs the panel and region
# suites in headless Chromium against it, and stops it. From the repository root:
#   sh frontend/e2e/run.sh [e2e/region-resiliency.e2e.mjs ...]   (default: every suite, in name order)
set -eu
cd "$(dirname "$0")/../.."
APPARGS="--no-single-instance --browser-only" LOGNAME=wails-dev.log
. frontend/e2e/serve.sh
[ $# -gt 0 ] || set -- e2e/panel.e2e.mjs e2e/region-logs.e2e.mjs e2e/region-resiliency.e2e.mjs
# The app's data directory, where the suites check what it persists (region.json).
cd frontend && CCPDESK_E2E_DATA_HOME="$T/.local/share" node --test --test-concurrency=1 "$@"
