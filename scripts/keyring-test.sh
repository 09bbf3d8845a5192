#!/bin/sh
# Runs internal/secrets and the log key (internal/logkeys) against a REAL Secret Service: gnome-keyring in a private D-Bus session with a
# throwaway HOME (the recipe in platform-notes "go-keyring with a real Secret Service, headless").
# CI runs this. It fails loudly when gnome-keyring or dbus-run-session is missing; it never skips.
set -eu
cd "$(dirname "$0")/.."

missing=""
for tool in gnome-keyring-daemon dbus-run-session secret-tool go; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "keyring-test: FAIL: missing:$missing" >&2
	echo "keyring-test: install with: apt-get install gnome-keyring libsecret-tools dbus-x11" >&2
	exit 1
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Build (and fill the caches) with the real HOME, then test with the throwaway one.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH)
export GOCACHE GOMODCACHE GOPATH
go test -race -tags keyring -run '^$' ./internal/secrets/ ./internal/logkeys/ >/dev/null

mkdir -p -m 700 "$T/run" # before dbus-run-session, which wants XDG_RUNTIME_DIR to exist
env HOME="$T" XDG_DATA_HOME="$T/.local/share" XDG_CACHE_HOME="$T/.cache" XDG_CONFIG_HOME="$T/.config" \
	XDG_RUNTIME_DIR="$T/run" \
	dbus-run-session -- sh -c '
		set -eu
		echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
		# The log key first (it needs the unlocked keyring), then internal/secrets (which ends by locking it),
		# then the log key on the locked keyring.
		go test -count=1 -race -v -run TestKeyringLogKeyRoundTrip -tags keyring "$@" ./internal/logkeys/
		go test -count=1 -race -v -run Keyring -tags keyring "$@" ./internal/secrets/
		go test -count=1 -race -v -run TestKeyringLockedNoLogKey -tags keyring "$@" ./internal/logkeys/
	' keyring-test "$@"
echo "keyring-test: PASS (real gnome-keyring Secret Service)"
