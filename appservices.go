package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/bridge"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/logcli"
	"github.com/ccpdesk/ccpdesk/internal/logkeys"
	"github.com/ccpdesk/ccpdesk/internal/logs"
	"github.com/ccpdesk/ccpdesk/internal/region"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

// dataDir is the per-user data directory: $XDG_DATA_HOME/ccpdesk (~/.local/share/ccpdesk)
// on Linux, %AppData%\ccpdesk on Windows, ~/Library/Application Support/ccpdesk on macOS.
func dataDir() (string, error) {
	if goruntime.GOOS != "windows" && goruntime.GOOS != "darwin" {
		if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "ccpdesk"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("locate data dir: %w", err)
		}
		return filepath.Join(home, ".local", "share", "ccpdesk"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("locate data dir: %w", err)
	}
	return filepath.Join(d, "ccpdesk"), nil
}

// regionEndpoints are the tracker's configured regions: the sandbox's, or the configuration's.
func regionEndpoints(cfg *config.Config, sb *sandbox.Sandbox) []region.Endpoint {
	regions, urls := cfg.Regions, []string{cfg.CCPURL, cfg.SecondaryCCPURL}
	if sb != nil {
		regions, urls = sb.Info().Regions, []string{sb.PrimaryCCPURL(), sb.SecondaryCCPURL()}
	}
	var eps []region.Endpoint
	for i, r := range regions {
		if i >= 2 {
			break
		}
		eps = append(eps, region.Endpoint{Region: r, CCPURL: urls[i]})
	}
	return eps
}

// newTracker builds the region tracker; persistence lives in <data dir>/region.
func newTracker(log zerolog.Logger, cfg *config.Config, sb *sandbox.Sandbox, emit region.Emitter) (*region.Tracker, error) {
	dir := ""
	if d, err := dataDir(); err == nil {
		dir = filepath.Join(d, "region")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			log.Warn().Err(err).Msg("region state not kept across restarts")
			dir = ""
		}
	}
	tr, err := region.New(region.Options{Regions: regionEndpoints(cfg, sb), Dir: dir, Emitter: emit, Log: &log})
	if err != nil {
		return nil, fmt.Errorf("region tracker: %w", err)
	}
	return tr, nil
}

// logKeysTimeout bounds reading (or creating) the log secret in the OS keyring at start.
const logKeysTimeout = 4 * time.Second

// openAppLogs opens <data dir>/logs with redaction (and, with logs.encryptAtRest, sealed
// records) and returns the bindings' backend. When capture cannot start it returns the error
// and, if it got that far, a backend with Log nil whose Off says why (the Logs view shows it).
func openAppLogs(ctx context.Context, log zerolog.Logger, cfg *config.Config, dialogs bridge.Dialogs) (*bridge.LogsBackend, error) {
	base, err := dataDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	dir := filepath.Join(base, "logs")
	kctx, cancel := context.WithTimeout(ctx, logKeysTimeout)
	store, rep := secrets.Open(kctx, secrets.OSOptions{Logger: log})
	keys, err := logkeys.Load(kctx, logkeys.Options{Store: store, Keyring: rep, Dir: base, Encrypt: cfg.Logs.EncryptAtRest})
	cancel()
	b := &bridge.LogsBackend{Dir: dir, KeySource: keys.PseudonymSource, Encryption: encryptionState(keys, cfg.Logs.EncryptAtRest),
		ReadKey: keys.Encryption, Dialogs: dialogs}
	if err != nil {
		b.Off = err.Error()
		return b, err
	}
	var sealKey []byte
	if keys.Encrypt {
		sealKey = keys.Encryption
	}
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, Fsync: logs.FsyncInterval, EncryptionKey: sealKey}, PseudonymKey: keys.Pseudonym})
	if err != nil {
		b.Off = err.Error()
		return b, err
	}
	b.Log = lg
	b.Extras = func() map[string][]byte {
		st := lg.Stats()
		return logcli.SupportInfo{Config: cfg, Version: version, LogDir: dir, RedactionKey: b.KeySource,
			Encryption: b.Encryption, Stats: &st, ExportedBy: "app"}.Extras()
	}
	return b, nil
}

// encryptionState is the one-line answer to "are my logs encrypted at rest, with which key?".
func encryptionState(k logkeys.Keys, on bool) string {
	switch {
	case !on:
		return "off"
	case k.Encrypt:
		return "on (AES-256-GCM, key: " + k.EncryptionSource + ")"
	default:
		return "on, but no key: " + k.EncryptionSource
	}
}

// teeLogs returns log writing to stderr (as before) and to the capture log as well.
func teeLogs(log zerolog.Logger, stderr io.Writer, pretty bool, lg *logs.Log) zerolog.Logger {
	var w io.Writer = stderr
	if pretty {
		w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.TimeOnly}
	}
	return log.Output(zerolog.MultiLevelWriter(w, lg.ZerologWriter()))
}

// maintainLogs runs retention and the disk budget every few minutes until ctx ends.
func maintainLogs(ctx context.Context, log zerolog.Logger, lg *logs.Log) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := lg.Maintain(); err != nil {
				log.Warn().Err(err).Str("component", "logs").Msg("log maintenance")
			}
		}
	}
}

// doctorLogs prints whether log encryption at rest is on and where its key comes from
// (ccpdesk doctor). It returns false when encryption is on and has no key: the app would then
// capture nothing.
func doctorLogs(ctx context.Context, w io.Writer, cfg *config.Config) bool {
	kctx, cancel := context.WithTimeout(ctx, logKeysTimeout)
	defer cancel()
	store, rep := secrets.Open(kctx, secrets.OSOptions{})
	line, ok := logkeys.Status(kctx, store, rep, cfg.Logs.EncryptAtRest)
	fmt.Fprintf(w, "Log encryption at rest (logs.encryptAtRest, from %s): %s\n", cfg.Layers.SourceOf("logs.encryptAtRest"), line)
	return ok
}

// logsCLI is `ccpdesk logs`: the keyring's keys (read, never created) and the effective
// configuration (files and environment; the CLI has no app flags) for the bundle's extra files.
func logsCLI() *logcli.CLI {
	return &logcli.CLI{Key: keyringLogKey, Pseudonym: installPseudonymKey, Version: version,
		Config: func() (any, error) {
			cfg, err := config.Load(nil, nil)
			if err != nil {
				return nil, err
			}
			return cfg, nil
		}}
}

// installPseudonymKey reads the installation's pseudonym key (the OS keyring, else the
// fallback file in the data directory) without creating one.
func installPseudonymKey() ([]byte, string, error) {
	base, err := dataDir()
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), logKeysTimeout)
	defer cancel()
	store, rep := secrets.Open(ctx, secrets.OSOptions{})
	return logkeys.ReadPseudonym(ctx, store, rep, base)
}

// keyringLogKey reads the log encryption key from the OS keyring for `ccpdesk logs parse` and
// `export` (it never creates one).
func keyringLogKey() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), logKeysTimeout)
	defer cancel()
	store, rep := secrets.Open(ctx, secrets.OSOptions{})
	return logkeys.ReadKey(ctx, store, rep)
}
