package main

import (
	"fmt"
	"io"
	"os"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/autostart"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

// reportLocks tells the user (stderr) and the log about settings the policy kept.
func reportLocks(cfg *config.Config, log zerolog.Logger, stderr io.Writer) {
	if cfg.Layers == nil {
		return
	}
	for _, v := range cfg.Layers.Violations {
		fmt.Fprintln(stderr, "ccpdesk:", v)
		log.Warn().Str("component", "config").Str("key", v.Key).Str("locked_at", v.LockedAt).Str("by", v.By).
			Msg("setting locked by policy; value ignored")
	}
}

// detectVDI runs VDI detection once at start and logs it (names of markers only).
func detectVDI(cfg *config.Config, log zerolog.Logger) *vdi.Detection {
	det := vdi.Detect(vdi.SystemEnv())
	ev := log.Info().Str("component", "vdi").Str("environment", string(det.Environment)).
		Bool("in_session", det.InSession).Str("suggested", string(det.Suggested)).
		Str("mode", cfg.Softphone.Mode).Str("vdi_platform", cfg.Softphone.VDIPlatform)
	if plan, err := cfg.SoftphonePlan(&det); err == nil {
		ev = ev.Strs("notes", plan.Notes)
	}
	ev.Msg("vdi detection")
	return &det
}

// syncAutostart makes the OS start-at-login entry match the startAtLogin setting.
func syncAutostart(cfg *config.Config, log zerolog.Logger) {
	exe, err := os.Executable()
	if err != nil {
		log.Warn().Err(err).Str("component", "autostart").Msg("start at login not updated")
		return
	}
	e := autostart.Entry{ID: singleInstanceID, Name: "ccpdesk", Exec: exe}
	if err := autostart.Sync(e, cfg.StartAtLogin); err != nil {
		log.Warn().Err(err).Str("component", "autostart").Bool("enabled", cfg.StartAtLogin).Msg("start at login not updated")
	}
}
