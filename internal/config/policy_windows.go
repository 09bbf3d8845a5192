//go:build windows

package config

import "golang.org/x/sys/windows"

// programData is the ProgramData known folder (not the %ProgramData% variable, which a user
// can change for their own processes and so point the app away from the policy).
func programData() string {
	if p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err == nil && p != "" {
		return p
	}
	return `C:\ProgramData`
}

// policyWritable is not checked on Windows (ACLs; deploy the file read-only for users).
func policyWritable(string) bool { return false }
