#!/bin/sh
# Starts `wails dev` with --sandbox-sso (browser mode, production bundle) under Xvfb, runs the SAML sign-in
# flow in headless Chromium against it (frontend/e2e/sso.e2e.mjs), and stops it. From the repository root:
#   sh frontend/e2e/sso-run.sh
set -eu
cd "$(dirname "$0")/../.."
APPARGS="--no-single-instance --browser-only --sandbox-sso" LOGNAME=wails-dev-sso.log
. frontend/e2e/serve.sh
cd frontend && node --test --test-concurrency=1 e2e/sso.e2e.mjs
