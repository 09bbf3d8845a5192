package vdi

import (
	"os"
	"runtime"
)

// SystemEnv probes the machine the app runs on.
func SystemEnv() Env {
	return Env{
		GOOS:              runtime.GOOS,
		Getenv:            os.Getenv,
		Environ:           os.Environ,
		Processes:         listProcesses,
		RegistryKeyExists: registryProbe(),
		FileExists: func(path string) bool {
			_, err := os.Stat(path)
			return err == nil
		},
	}
}
