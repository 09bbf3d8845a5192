package logcli

import (
	"encoding/json"
	"runtime"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

// SupportInfo is what a support bundle says beside the logs. The app's export (Logs view) and
// `ccpdesk logs export` both turn it into the bundle's extra files with Extras.
type SupportInfo struct {
	Config       any    // the effective configuration (*config.Config); nil when it could not load
	ConfigError  string // why Config is nil
	Version      string
	LogDir       string
	RedactionKey string      // where the pseudonym key came from
	Encryption   string      // encryption at rest, and the key's source
	Stats        *logs.Stats // the running writer's counters; nil outside the app
	ExportedBy   string      // "app" or "ccpdesk logs export"
	Now          time.Time
}

// Extras returns effective-config.json and system-info.json. They are not redacted here: the
// bundle writer redacts every extra file with the installation's pseudonym key.
func (s SupportInfo) Extras() map[string][]byte {
	var conf []byte
	if s.Config != nil {
		conf, _ = json.MarshalIndent(s.Config, "", "  ")
	} else {
		conf, _ = json.MarshalIndent(map[string]string{"error": s.ConfigError}, "", "  ")
	}
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	info := map[string]any{
		"version": s.Version, "os": runtime.GOOS, "arch": runtime.GOARCH, "go": runtime.Version(),
		"cpus": runtime.NumCPU(), "logDir": s.LogDir, "redactionKey": s.RedactionKey, "encryptionAtRest": s.Encryption,
		"exportedBy": s.ExportedBy, "time": now.Format(time.RFC3339), "timezone": now.Location().String(),
	}
	if s.Stats != nil {
		info["logStats"] = *s.Stats
	}
	sys, _ := json.MarshalIndent(info, "", "  ")
	return map[string][]byte{"effective-config.json": conf, "system-info.json": sys}
}
