//go:build !windows

package config

import (
	"os"
	"path/filepath"
	"syscall"
)

func programData() string { return `C:\ProgramData` }

// policyWritable reports whether the current (non-root) user can write the policy file or
// its directory: then users can change the policy, and its locks protect nothing.
func policyWritable(path string) bool {
	if os.Geteuid() == 0 {
		return false
	}
	return syscall.Access(path, 2 /* W_OK */) == nil || syscall.Access(filepath.Dir(path), 2) == nil
}
