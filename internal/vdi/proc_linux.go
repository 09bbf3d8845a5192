package vdi

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// listProcesses reads /proc/<pid>/comm (names truncated to 15 characters). Processes that
// exit while it reads are skipped.
func listProcesses() ([]string, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("read /proc: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() || strings.TrimLeft(e.Name(), "0123456789") != "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil {
			continue
		}
		names = append(names, strings.TrimSpace(string(b)))
	}
	return names, nil
}
