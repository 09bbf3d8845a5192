#!/bin/sh
# scripts/setup.sh — install what ccpdesk needs to build, run and test, on Debian 12.
#
# Idempotent and non-interactive: it checks first and installs only what is missing, so a second run
# takes a few seconds. Used by `make setup` (and therefore by `make test`, `make run` and CI).
#
#   sh scripts/setup.sh            # everything
#   SETUP_SKIP_APT=1 sh scripts/setup.sh   # skip system packages (e.g. a machine you do not administer)
#
# What it installs:
#   1. Debian packages (apt-get, as root or via sudo): build, GUI-test, browser-test, installer and keyring tools.
#   2. The Wails CLI, pinned (never @latest: the proxy resolves that to a version that does not build with Go 1.26).
#   3. npm dependencies of e2e/ and frontend/ (npm ci), skipped while node_modules matches the lockfile.
set -eu

WAILS_VERSION=v2.16.0
APT_PACKAGES="build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev \
xvfb xauth x11-utils xdotool imagemagick dbus-x11 at-spi2-core \
chromium nsis osslsigncode openssl gnome-keyring libsecret-tools jq"

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- 0. toolchains that must already be there -------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "go not found on PATH (Go 1.26 is required)"
command -v node >/dev/null 2>&1 || die "node not found on PATH (Node 20 is required)"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH"

# --- 1. Debian packages ----------------------------------------------------------------------------------
apt_missing() {
	for p in $APT_PACKAGES; do
		s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$s" = installed ] || printf '%s ' "$p"
	done
}

if [ "${SETUP_SKIP_APT:-}" = 1 ]; then
	log "skipping apt packages (SETUP_SKIP_APT=1)"
elif ! command -v dpkg-query >/dev/null 2>&1; then
	log "not a Debian system (no dpkg-query): install these yourself: $APT_PACKAGES"
else
	missing=$(apt_missing)
	if [ -n "$missing" ]; then
		if [ "$(id -u)" = 0 ]; then SUDO=; else
			command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: $missing"
			SUDO="sudo -n"
		fi
		log "installing apt packages: $missing"
		export DEBIAN_FRONTEND=noninteractive
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
		# shellcheck disable=SC2086
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing </dev/null
		missing=$(apt_missing)
		[ -z "$missing" ] || die "still missing after apt-get install: $missing"
	else
		log "apt packages: all present"
	fi
fi

# --- 2. Wails CLI (pinned) -------------------------------------------------------------------------------
GOBIN_DIR=$(go env GOBIN)
[ -n "$GOBIN_DIR" ] || GOBIN_DIR="$(go env GOPATH)/bin"
wails_ok() {
	[ -x "$GOBIN_DIR/wails" ] || return 1
	v=$("$GOBIN_DIR/wails" version 2>/dev/null | head -n 1 || true)
	case "$v" in *"$WAILS_VERSION"*) return 0 ;; *) return 1 ;; esac
}
if wails_ok; then
	log "wails CLI $WAILS_VERSION: present ($GOBIN_DIR/wails)"
else
	log "installing wails CLI $WAILS_VERSION"
	go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION" </dev/null
	wails_ok || die "wails CLI $WAILS_VERSION not found in $GOBIN_DIR after go install"
fi
case ":$PATH:" in *":$GOBIN_DIR:"*) ;; *) log "note: add $GOBIN_DIR to PATH to use 'wails' directly (make does this)" ;; esac

# --- 2b. Go modules ---------------------------------------------------------------------------------------
# Fetch every module go.mod/go.sum name now (a no-op when cached), so later steps (wails dev's binding generation,
# go vet, go test) never stall downloading under their own time limits.
if [ -f go.mod ]; then
	log "go modules: go mod download"
	go mod download </dev/null
fi

# --- 3. npm dependencies ---------------------------------------------------------------------------------
# npm ci is skipped when node_modules was installed from exactly this lockfile (a stamp holding its hash).
npm_ci() {
	dir=$1
	[ -f "$dir/package.json" ] || return 0
	[ -f "$dir/package-lock.json" ] || die "$dir/package-lock.json missing: commit the lockfile (npm ci needs it)"
	want=$(sha256sum "$dir/package-lock.json" "$dir/package.json" | sha256sum | cut -d' ' -f1)
	stamp="$dir/node_modules/.ccpdesk-setup-stamp"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		log "npm deps in $dir: up to date"
		return 0
	fi
	log "npm ci in $dir"
	(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error </dev/null)
	printf '%s\n' "$want" >"$stamp"
}
npm_ci e2e
npm_ci frontend

# --- 4. things a fresh clone needs before any frontend build ---------------------------------------------
# //go:embed all:frontend/dist needs the directory to exist (dist/.gitkeep is committed; recreate if deleted).
[ -d frontend/dist ] || mkdir -p frontend/dist
[ -e frontend/dist/.gitkeep ] || : >frontend/dist/.gitkeep

[ -x /usr/bin/chromium ] || log "warning: /usr/bin/chromium not found: the e2e suite needs Debian's chromium"
log "done"
