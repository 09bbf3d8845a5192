//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package secrets

import (
	"context"
	"runtime"
)

var backendName = map[string]string{"darwin": "keychain", "windows": "wincred"}[runtime.GOOS]

// The macOS Keychain and Windows Credential Manager are always there; the real lookup in Probe decides.
func platformPrecheck(context.Context) error { return nil }
func platformProbe(context.Context) error    { return nil }
