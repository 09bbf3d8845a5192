package vdi

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The real probes run on this machine: they must work, and find this test binary.
func TestSystemEnv(t *testing.T) {
	env := SystemEnv()
	if env.GOOS != runtime.GOOS {
		t.Errorf("GOOS = %q", env.GOOS)
	}
	procs, err := env.Processes()
	if err != nil {
		t.Fatalf("Processes: %v", err)
	}
	self := normProc(filepath.Base(os.Args[0]))
	if len(self) > linuxCommLen && runtime.GOOS == "linux" {
		self = self[:linuxCommLen]
	}
	found := false
	for _, p := range procs {
		if normProc(p) == self {
			found = true
		}
	}
	if !found {
		t.Errorf("own process %q not in %d processes", self, len(procs))
	}
	if (env.RegistryKeyExists != nil) != (runtime.GOOS == "windows") {
		t.Error("registry probe present off Windows or missing on Windows")
	}
	if !env.FileExists(os.Args[0]) || env.FileExists(filepath.Join(t.TempDir(), "nope")) {
		t.Error("FileExists wrong")
	}
	d := Detect(env)
	t.Logf("this machine: %+v", d)
}
