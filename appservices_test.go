package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/logkeys"
)

// TestOpenAppLogsWithoutKeyring: no Secret Service (no D-Bus session). Encryption off: capture
// works with the pseudonym file. Encryption on: capture is off with ErrNoKey, the backend says
// why (the Logs view shows it), and nothing is written to the log directory.
func TestOpenAppLogsWithoutKeyring(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	logDir := filepath.Join(data, "ccpdesk", "logs")

	cfg := config.Default()
	cfg.Logs.EncryptAtRest = true
	b, err := openAppLogs(context.Background(), zerolog.Nop(), &cfg, nil)
	if !errors.Is(err, logkeys.ErrNoKey) || b == nil || b.Log != nil || !strings.Contains(b.Off, "logs.encryptAtRest is on") {
		t.Fatalf("encryption on, no keyring: err %v, backend %+v", err, b)
	}
	if !strings.HasPrefix(b.Encryption, "on, but no key") {
		t.Errorf("Encryption = %q", b.Encryption)
	}
	if _, err := os.Stat(logDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("log directory exists (%v): something may have been written without the key", err)
	}

	cfg.Logs.EncryptAtRest = false
	b, err = openAppLogs(context.Background(), zerolog.Nop(), &cfg, nil)
	if err != nil || b.Log == nil || b.Encryption != "off" || !strings.HasPrefix(b.KeySource, "file ") {
		t.Fatalf("encryption off: err %v, backend %+v", err, b)
	}
	b.Log.Close()
}
