#!/bin/sh
# scripts/test-installers.sh — CI check of scripts/build-installers.sh (make installers-test).
#
# Builds linux + windows + deb with Authenticode signing by a throwaway self-signed certificate made here,
# then checks: the signatures (osslsigncode verify against that certificate), the installer's size, the
# binary's --version, dpkg-deb --info, and that a darwin build is refused on Linux (exit 3) rather than
# counted. The build script itself checks --version, version resources and the package contents.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
log() { printf 'test-installers: %s\n' "$*" >&2; }
fail() { printf 'test-installers: FAIL: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1. darwin is refused on Linux, before anything is built.
if [ "$(uname -s)" != Darwin ]; then
	set +e
	OUT="$TMP/darwin-out" sh scripts/build-installers.sh darwin 2>"$TMP/darwin.err"
	rc=$?
	set -e
	[ "$rc" = 3 ] || fail "darwin on $(uname -s): exit $rc, want 3 (refused)"
	grep -q 'REFUSED' "$TMP/darwin.err" || fail "darwin refusal message missing: $(cat "$TMP/darwin.err")"
	[ -z "$(ls -A "$TMP/darwin-out" 2>/dev/null | grep -v summary.txt)" ] || fail "darwin refusal produced artifacts"
	log "ok: darwin refused on $(uname -s) (exit 3)"
fi

# 2. A throwaway code-signing certificate (never use it for anything else).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ccpdesk CI throwaway/O=ccpdesk test" \
	-addext "extendedKeyUsage=codeSigning" -addext "keyUsage=digitalSignature" \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null || fail "openssl could not make a test certificate"

# 3. Build everything CI can, signed.
OUT=${OUT:-$ROOT/build/dist}
SIGN_CERT="$TMP/cert.pem" SIGN_KEY="$TMP/key.pem" OUT="$OUT" sh scripts/build-installers.sh linux windows deb

# 4. Check the artifacts.
inst=$(ls "$OUT"/ccpdesk-*-windows-amd64-installer.exe 2>/dev/null | head -n 1)
[ -n "$inst" ] || fail "no installer in $OUT"
size=$(wc -c <"$inst" | tr -d ' ')
[ "$size" -gt 1048576 ] && [ "$size" -lt 67108864 ] || fail "installer size $size outside 1–64 MiB"
for f in "$inst" "$OUT/ccpdesk-windows-amd64.exe"; do
	osslsigncode verify -CAfile "$TMP/cert.pem" -in "$f" >"$TMP/verify.out" 2>&1 ||
		fail "signature of $(basename "$f") does not verify: $(tail -n 5 "$TMP/verify.out")"
	grep -q 'ccpdesk CI throwaway' "$TMP/verify.out" || fail "$(basename "$f") is not signed by the test certificate"
done
# …and a certificate that did not sign them must not verify them.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=someone else" -addext "extendedKeyUsage=codeSigning" \
	-keyout "$TMP/other-key.pem" -out "$TMP/other.pem" 2>/dev/null || fail "openssl could not make a second certificate"
if osslsigncode verify -CAfile "$TMP/other.pem" -in "$inst" >/dev/null 2>&1; then
	fail "the installer verifies against an unrelated certificate"
fi
log "ok: installer $(basename "$inst") ($size bytes) and ccpdesk.exe signed and verified"

bin="$OUT/ccpdesk-linux-$(go env GOARCH)"
"$bin" --version >"$TMP/version.out" || fail "$bin --version failed"
grep -q '^ccpdesk ' "$TMP/version.out" && grep -q 'commit:   [0-9a-f]\{40\}' "$TMP/version.out" &&
	grep -q 'go:       go1\.' "$TMP/version.out" && grep -q 'wails:    v2\.' "$TMP/version.out" ||
	fail "--version lacks build information: $(cat "$TMP/version.out")"
log "ok: $(head -n 1 "$TMP/version.out")"

deb=$(ls "$OUT"/ccpdesk_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no .deb in $OUT"
dpkg-deb --info "$deb" | grep '^ Package: ccpdesk$' >/dev/null || fail "dpkg-deb --info: no 'Package: ccpdesk'"
dpkg-deb --contents "$deb" | grep 'usr/share/applications/io.github.ccpdesk.ccpdesk.desktop$' >/dev/null || fail ".deb lacks the .desktop entry"
log "ok: $(basename "$deb")"

git diff --quiet -- build/windows/installer/wails_tools.nsh || fail "the build left build/windows/installer/wails_tools.nsh modified"
cat "$OUT/summary.txt" >&2
log "passed"
