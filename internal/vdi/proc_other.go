//go:build !linux && !windows

package vdi

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// listProcesses asks ps (macOS, BSD) for the executable names of all processes.
func listProcesses() ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ps", "-axco", "comm=").Output()
	if err != nil {
		return nil, fmt.Errorf("ps: %w", err)
	}
	var names []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			names = append(names, l)
		}
	}
	return names, nil
}
