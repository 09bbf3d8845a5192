#!/bin/sh
# scripts/build-installers.sh — release builds of ccpdesk, with checks.
#
#   sh scripts/build-installers.sh                 # linux + windows + deb (what CI builds)
#   sh scripts/build-installers.sh windows         # only some targets: linux windows deb darwin
#   sh scripts/build-installers.sh darwin          # on a Mac only; refused (exit 3) anywhere else
#
# Targets and what is checked after each (a check that fails stops the script, exit 1):
#   linux    build/bin/ccpdesk via `wails build` (webkit2_41 from wails.json) with build information in
#            -ldflags; `ccpdesk --version` must print this version, commit, Go and Wails versions.
#   windows  ccpdesk.exe and the NSIS installer via `wails build -platform windows/amd64 -nsis` (works from
#            Linux); optional Authenticode signing (below); installer present, 1–64 MiB, version resource.
#   deb      a .deb for development desktops (dpkg-deb): /usr/bin/ccpdesk, a .desktop entry, the icon;
#            `dpkg-deb --info` must show the package. Uses the linux binary (built first if missing).
#   darwin   only on macOS: `wails build -platform darwin/universal`, then the .app must exist and its Info.plist
#            must carry NSMicrophoneUsageDescription. On Linux/Windows Wails' darwin build exits 0 WITHOUT
#            building anything: this script never runs it there and never counts it as a success.
#
# Output: build/dist/ (override with OUT=dir): the artifacts, SHA256SUMS, and a summary with sizes and times.
#
# Environment:
#   VERSION              version string (default: `git describe --tags --always --dirty`; a bare commit becomes
#                        <productVersion from wails.json>-dev+<commit>)
#   SIGN_CERT, SIGN_KEY  Authenticode certificate and private key (PEM or DER), or
#   SIGN_PFX             a PKCS#12 file instead (SIGN_PASS: its password, optional)
#   SIGN_TIMESTAMP_URL   RFC 3161 time-stamping server (optional; recommended for real certificates)
#                        Without SIGN_CERT/SIGN_PFX nothing is signed.
#   MAC_SIGN_IDENTITY    (macOS) codesign identity; the app is signed with build/darwin/entitlements.plist
#   WAILS                the wails CLI (default: wails on PATH, else $(go env GOPATH)/bin/wails)
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"

log() { printf 'build-installers: %s\n' "$*" >&2; }
die() { printf 'build-installers: error: %s\n' "$*" >&2; exit 1; }

OUT=${OUT:-build/dist}
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac
mkdir -p "$OUT"
rm -f "$OUT"/ccpdesk* "$OUT/SHA256SUMS" # this run's artifacts only
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"

TARGETS=${*:-linux windows deb}
for t in $TARGETS; do
	case "$t" in linux | windows | deb | darwin) ;; *) die "unknown target '$t' (linux, windows, deb, darwin)" ;; esac
done

# --- darwin is refused outright off macOS, before any work --------------------------------------------------
HOST_OS=$(uname -s)
case " $TARGETS " in *" darwin "*)
	if [ "$HOST_OS" != Darwin ]; then
		printf 'build-installers: darwin: REFUSED on %s. macOS builds need a Mac with Xcode command line tools\n' "$HOST_OS" >&2
		printf 'build-installers: (`wails build -platform darwin/...` here prints a warning and exits 0 without building\n' >&2
		printf 'build-installers: anything; that is never counted as a build). See docs/deployment.md, "macOS".\n' >&2
		exit 3
	fi
	;;
esac

# --- tools -------------------------------------------------------------------------------------------------
WAILS=${WAILS:-}
if [ -z "$WAILS" ]; then
	if command -v wails >/dev/null 2>&1; then WAILS=wails; else WAILS="$(go env GOPATH)/bin/wails"; fi
fi
"$WAILS" version >/dev/null 2>&1 || die "wails CLI not found ($WAILS): run make setup"
# The CLI must match the module in go.mod (never @latest: see docs; a mismatched CLI builds different assets).
WAILS_MOD=$(awk '$1 == "github.com/wailsapp/wails/v2" { print $2 }' go.mod)
case "$("$WAILS" version 2>/dev/null | head -n 1)" in
*"$WAILS_MOD"*) ;;
*) die "wails CLI $("$WAILS" version 2>/dev/null | head -n 1) does not match go.mod's $WAILS_MOD (make setup installs it)" ;;
esac

# --- version and build information ---------------------------------------------------------------------------
PRODUCT_VERSION=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json | head -n 1)
[ -n "$PRODUCT_VERSION" ] || die "no info.productVersion in wails.json"
COMMIT=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -z "${VERSION:-}" ]; then
	VERSION=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
	case "$VERSION" in
	v[0-9]*) ;;
	*) VERSION="$PRODUCT_VERSION-dev+$VERSION" ;;
	esac
fi
case "$VERSION" in
v[0-9]*)
	tagv=$(printf '%s' "$VERSION" | sed 's/^v\([0-9][0-9.]*\).*/\1/')
	[ "$tagv" = "$PRODUCT_VERSION" ] || log "warning: tag version $tagv differs from wails.json productVersion $PRODUCT_VERSION (the Windows version resources use wails.json)"
	;;
esac
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	BUILD_DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
else
	BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
fi
LDFLAGS="-X main.version=$VERSION -X main.commit=$COMMIT -X main.buildDate=$BUILD_DATE"
log "version $VERSION, commit $COMMIT, built $BUILD_DATE; targets: $TARGETS"

# helpers ----------------------------------------------------------------------------------------------------
now() { date +%s; }
size_of() { wc -c <"$1" | tr -d ' '; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
record() { # target artifact seconds
	printf '%-8s %-52s %10s  %4ss\n' "$1" "$(basename "$2")" "$(mib "$(size_of "$2")")" "$3" | tee -a "$SUMMARY" >&2
}
FRONTEND_BUILT=
wails_build() { # extra wails args…
	skip=
	[ -z "$FRONTEND_BUILT" ] || skip=-s # the frontend is the same for every platform: build it once
	# -m: never `go mod tidy`; -trimpath: no local paths in the binary
	"$WAILS" build -m -trimpath $skip -ldflags "$LDFLAGS" "$@"
	FRONTEND_BUILT=1
}

# --- linux ---------------------------------------------------------------------------------------------------
build_linux() {
	t0=$(now)
	wails_build -platform "linux/$(go env GOARCH)"
	bin=build/bin/ccpdesk
	[ -x "$bin" ] || die "linux: $bin was not produced"
	out="$OUT/ccpdesk-linux-$(go env GOARCH)"
	cp "$bin" "$out"
	v=$("$out" --version) || die "linux: $out --version failed"
	printf '%s\n' "$v" | sed 's/^/  /' >&2
	printf '%s\n' "$v" | head -n 1 | grep -qxF "ccpdesk $VERSION" || die "linux: --version does not print 'ccpdesk $VERSION'"
	for want in "commit:   $COMMIT" "built:    $BUILD_DATE" "go:       go" "wails:    v2."; do
		printf '%s\n' "$v" | grep -qF "$want" || die "linux: --version lacks '$want'"
	done
	record linux "$out" $(($(now) - t0))
}

# --- windows -------------------------------------------------------------------------------------------------
sign() { # file
	f=$1
	if [ -n "${SIGN_PFX:-}" ]; then
		set -- -pkcs12 "$SIGN_PFX"
		[ -z "${SIGN_PASS:-}" ] || set -- "$@" -pass "$SIGN_PASS"
	else
		set -- -certs "$SIGN_CERT" -key "$SIGN_KEY"
	fi
	[ -z "${SIGN_TIMESTAMP_URL:-}" ] || set -- "$@" -ts "$SIGN_TIMESTAMP_URL"
	osslsigncode sign "$@" -h sha256 -n "ccpdesk" -i "https://github.com/ccpdesk/ccpdesk" \
		-in "$f" -out "$f.signed" >/dev/null || die "windows: signing $f failed"
	mv "$f.signed" "$f"
	osslsigncode extract-signature -in "$f" -out "$f.p7" >/dev/null 2>&1 || die "windows: $f has no signature after signing"
	rm -f "$f.p7"
	log "windows: signed $(basename "$f")"
}

build_windows() {
	command -v makensis >/dev/null 2>&1 || die "windows: makensis not found (apt-get install nsis; make setup does)"
	SIGNING=
	if [ -n "${SIGN_PFX:-}" ] || [ -n "${SIGN_CERT:-}" ]; then
		command -v osslsigncode >/dev/null 2>&1 || die "windows: signing requested but osslsigncode is not installed"
		[ -n "${SIGN_PFX:-}" ] || [ -n "${SIGN_KEY:-}" ] || die "windows: SIGN_CERT needs SIGN_KEY (or use SIGN_PFX)"
		SIGNING=1
	fi
	command -v strings >/dev/null 2>&1 || die "windows: strings (binutils) not found"
	t0=$(now)
	rm -f build/bin/ccpdesk.exe build/bin/ccpdesk-amd64-installer.exe
	# wails regenerates the committed template wails_tools.nsh in place: keep the template and put it back.
	nsh=build/windows/installer/wails_tools.nsh
	NSH_SAVED=$(mktemp)
	cp "$nsh" "$NSH_SAVED"
	trap 'cp "$NSH_SAVED" "$nsh"; rm -f "$NSH_SAVED"' EXIT
	wails_build -platform windows/amd64 -nsis
	exe="$ROOT/build/bin/ccpdesk.exe"
	inst="$ROOT/build/bin/ccpdesk-amd64-installer.exe"
	[ -f "$exe" ] || die "windows: $exe was not produced"
	[ -f "$inst" ] || die "windows: the installer was not produced (is nsis installed?)"
	if [ -n "$SIGNING" ]; then
		# Sign the program, re-pack the installer around the signed program, sign the installer.
		sign "$exe"
		(cd build/windows/installer && makensis -V2 "-DARG_WAILS_AMD64_BINARY=$exe" project.nsi >&2) ||
			die "windows: makensis (re-pack with the signed exe) failed"
		sign "$inst"
	fi
	cp "$NSH_SAVED" "$nsh"
	rm -f "$NSH_SAVED"
	trap - EXIT
	size=$(size_of "$inst")
	[ "$size" -gt 1048576 ] && [ "$size" -lt 67108864 ] || die "windows: installer size $size bytes is outside 1–64 MiB"
	# The version resources (UTF-16LE strings) of the program and of the installer.
	for f in "$exe" "$inst"; do
		strings -el "$f" | grep -A1 -xF ProductVersion | grep -qxF "$PRODUCT_VERSION" ||
			die "windows: $(basename "$f") lacks ProductVersion $PRODUCT_VERSION in its version resource"
	done
	out="$OUT/ccpdesk-$VERSION-windows-amd64-installer.exe"
	out=$(printf '%s' "$out" | tr '+' '_')
	cp "$inst" "$out"
	cp "$exe" "$OUT/ccpdesk-windows-amd64.exe"
	record windows "$out" $(($(now) - t0))
}

# --- deb -----------------------------------------------------------------------------------------------------
build_deb() {
	command -v dpkg-deb >/dev/null 2>&1 || die "deb: dpkg-deb not found"
	arch=$(dpkg --print-architecture 2>/dev/null || go env GOARCH)
	bin="$OUT/ccpdesk-linux-$(go env GOARCH)"
	if [ ! -x "$bin" ] || ! "$bin" --version | head -n 1 | grep -qxF "ccpdesk $VERSION"; then
		build_linux
	fi
	t0=$(now)
	# Debian version: 0.1.0, 0.1.0+3.gabc1234 (3 commits after v0.1.0), 0.1.0~dev+abc1234 (no tag).
	debv=$(printf '%s' "$VERSION" | sed -e 's/^v//' -e 's/-dev+/~dev+/' -e 's/-\([0-9][0-9]*\)-g/+\1.g/' -e 's/-dirty$/.dirty/' -e 's/-/./g')
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	chmod 0755 "$stage" # the package's ./ (mktemp makes it 0700)
	install -D -m 0755 "$bin" "$stage/usr/bin/ccpdesk"
	install -D -m 0644 build/linux/ccpdesk.desktop "$stage/usr/share/applications/io.github.ccpdesk.ccpdesk.desktop"
	install -D -m 0644 build/appicon.png "$stage/usr/share/pixmaps/ccpdesk.png" # Icon=ccpdesk (1024 px: no hicolor size)
	install -D -m 0644 build/linux/policy.example.yaml "$stage/usr/share/doc/ccpdesk/policy.example.yaml"
	mkdir -p "$stage/DEBIAN"
	installed_kb=$(du -sk "$stage/usr" | cut -f1)
	sed -e "s/@VERSION@/$debv/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_kb/" build/linux/control.in >"$stage/DEBIAN/control"
	out="$OUT/ccpdesk_${debv}_${arch}.deb"
	dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null || die "deb: dpkg-deb --build failed"
	rm -rf "$stage"
	trap - EXIT
	info=$(dpkg-deb --info "$out") || die "deb: dpkg-deb --info failed"
	for want in "Package: ccpdesk" "Version: $debv" "Architecture: $arch" "libwebkit2gtk-4.1-0"; do
		printf '%s\n' "$info" | grep -qF "$want" || die "deb: dpkg-deb --info lacks '$want'"
	done
	contents=$(dpkg-deb --contents "$out")
	printf '%s\n' "$contents" | grep '\./usr/bin/ccpdesk$' >/dev/null || die "deb: /usr/bin/ccpdesk missing from the package"
	printf '%s\n' "$contents" | head -n 1 | grep '^drwxr-xr-x root/root .* \./$' >/dev/null || die "deb: ./ is not 0755 root:root"
	record deb "$out" $(($(now) - t0))
}

# --- darwin (macOS only; see the refusal above) --------------------------------------------------------------
build_darwin() {
	t0=$(now)
	rm -rf build/bin/ccpdesk.app
	wails_build -platform darwin/universal
	app=build/bin/ccpdesk.app
	# Guard against Wails' no-op: the bundle and its executable must exist.
	[ -x "$app/Contents/MacOS/ccpdesk" ] || die "darwin: $app/Contents/MacOS/ccpdesk was not produced"
	/usr/libexec/PlistBuddy -c 'Print :NSMicrophoneUsageDescription' "$app/Contents/Info.plist" >/dev/null ||
		die "darwin: Info.plist lacks NSMicrophoneUsageDescription (the softphone would never get the microphone)"
	"$app/Contents/MacOS/ccpdesk" --version | head -n 1 | grep -qxF "ccpdesk $VERSION" || die "darwin: --version mismatch"
	if [ -n "${MAC_SIGN_IDENTITY:-}" ]; then
		codesign --force --deep --options runtime --timestamp --entitlements build/darwin/entitlements.plist \
			--sign "$MAC_SIGN_IDENTITY" "$app" || die "darwin: codesign failed"
		codesign --verify --strict --verbose=2 "$app" || die "darwin: codesign --verify failed"
	fi
	out="$OUT/ccpdesk-$VERSION-macos-universal.zip"
	out=$(printf '%s' "$out" | tr '+' '_')
	rm -f "$out"
	ditto -c -k --keepParent "$app" "$out"
	record darwin "$out" $(($(now) - t0))
}

for t in $TARGETS; do
	case "$t" in
	linux) build_linux ;;
	windows) build_windows ;;
	deb) build_deb ;;
	darwin) build_darwin ;;
	esac
done
case " $TARGETS " in *" darwin "*) ;; *) printf '%-8s %s\n' darwin "skipped (not requested; needs a Mac)" | tee -a "$SUMMARY" >&2 ;; esac

(cd "$OUT" && sha256sum ccpdesk* >SHA256SUMS)
log "done: $OUT (summary.txt, SHA256SUMS)"
