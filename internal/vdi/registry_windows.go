//go:build windows

package vdi

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

var errBadKeyPath = errors.New("registry path must start with HKLM\\ or HKCU\\")

func registryProbe() func(string) (bool, error) { return registryKeyExists }

// registryKeyExists opens the key read-only in the 64-bit view (a 32-bit process would
// otherwise be redirected to WOW6432Node and miss 64-bit installs).
func registryKeyExists(path string) (bool, error) {
	root, sub, ok := strings.Cut(path, `\`)
	if !ok {
		return false, fmt.Errorf("%w: %q", errBadKeyPath, path)
	}
	var k registry.Key
	switch strings.ToUpper(root) {
	case "HKLM", "HKEY_LOCAL_MACHINE":
		k = registry.LOCAL_MACHINE
	case "HKCU", "HKEY_CURRENT_USER":
		k = registry.CURRENT_USER
	default:
		return false, fmt.Errorf("%w: %q", errBadKeyPath, path)
	}
	key, err := registry.OpenKey(k, sub, registry.QUERY_VALUE|registry.WOW64_64KEY)
	switch {
	case err == nil:
		_ = key.Close()
		return true, nil
	case errors.Is(err, windows.ERROR_FILE_NOT_FOUND), errors.Is(err, windows.ERROR_PATH_NOT_FOUND):
		return false, nil
	}
	return false, fmt.Errorf("open %s: %w", path, err)
}
