// Package testfs runs part of a test on a real, tiny filesystem: a tmpfs mounted in a new user+mount namespace
// (`unshare -Urm`), so the code under test meets the kernel's own ENOSPC on a real filesystem, without root.
// Linux only; the tests that use it are *_linux_test.go files.
package testfs

import (
	"os"
	"os/exec"
	"testing"
)

// RunOnTmpfs runs the test binary's childTest inside a new user+mount namespace where a tmpfs of size (mount's
// size= option, e.g. "256k") is mounted at a fresh directory, and returns the child's output (-test.v). The
// child finds the directory with Dir(env); outside RunOnTmpfs, Dir returns "" and the child test does nothing.
// A missing `unshare -Urm` or a failing child fails t: never a skip.
func RunOnTmpfs(t testing.TB, size, childTest, env string) []byte {
	t.Helper()
	if out, err := exec.Command("unshare", "-Urm", "true").CombinedOutput(); err != nil {
		t.Fatalf("the full-disk test needs `unshare -Urm` (util-linux, unprivileged user namespaces): %v: %s", err, out)
	}
	mnt := t.TempDir()
	script := `mount -t tmpfs -o size="$3",mode=0700 tmpfs "$1" && exec "$2" -test.v -test.run="^$4\$"`
	cmd := exec.Command("unshare", "-Urm", "sh", "-c", script, "sh", mnt, os.Args[0], size, childTest)
	cmd.Env = append(os.Environ(), env+"="+mnt)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s on a %s tmpfs failed (a panic or a test failure): %v\n%s", childTest, size, err, out)
	}
	return out
}

// Dir is the tmpfs directory in a child started by RunOnTmpfs with env, "" anywhere else.
func Dir(env string) string { return os.Getenv(env) }
