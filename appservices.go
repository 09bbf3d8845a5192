package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/bridge"
	"github.com/ccpdesk/ccpdesk/internal/config"
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

// pseudonymLabel derives the pseudonym key from the stored secret, so the same secret
// could key other things without reusing the key itself.
const pseudonymLabel = "ccpdesk log pseudonyms v1"

func derive(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(pseudonymLabel))
	return m.Sum(nil)
}

// pseudonymKey returns the redaction key and where it came from: a secret in the OS keyring
// when it is usable, else a per-install random file (0600) in the data dir.
func pseudonymKey(ctx context.Context, log zerolog.Logger, dir string) ([]byte, string, error) {
	pctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	store, rep := secrets.Open(pctx, secrets.OSOptions{Logger: log})
	if rep.Available {
		v, err := store.Get(pctx, secrets.KeyLogEncryption)
		if errors.Is(err, secrets.ErrNotFound) {
			v = randomHex()
			err = store.Set(pctx, secrets.KeyLogEncryption, v)
		}
		if err == nil {
			if b, derr := hex.DecodeString(v); derr == nil && len(b) >= 16 {
				return derive(b), "os-keyring (" + rep.Backend + ")", nil
			}
			err = errors.New("the stored key is not valid hex")
		}
		rep.Reason = err.Error()
	}
	path := filepath.Join(dir, "log-pseudonym.key")
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		raw = []byte(randomHex())
		err = writeFile0600(path, raw)
	}
	if err != nil {
		return nil, "", fmt.Errorf("pseudonym key: %w", err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) < 16 {
		return nil, "", fmt.Errorf("pseudonym key %s: not a valid key (delete it to make a new one)", path)
	}
	return derive(b), fmt.Sprintf("file %s (OS keyring unavailable: %s)", path, rep.Reason), nil
}

func randomHex() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeFile0600(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openAppLogs opens <data dir>/logs with redaction and returns the bindings' backend.
func openAppLogs(ctx context.Context, log zerolog.Logger, cfg *config.Config, dialogs bridge.Dialogs) (*bridge.LogsBackend, error) {
	base, err := dataDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	key, source, err := pseudonymKey(ctx, log, base)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(base, "logs")
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, Fsync: logs.FsyncInterval}, PseudonymKey: key})
	if err != nil {
		return nil, err
	}
	b := &bridge.LogsBackend{Log: lg, Dir: dir, KeySource: source, Dialogs: dialogs}
	b.Extras = func() map[string][]byte {
		conf, _ := json.MarshalIndent(cfg, "", "  ")
		info, _ := json.MarshalIndent(map[string]any{
			"version": version, "os": goruntime.GOOS, "arch": goruntime.GOARCH, "go": goruntime.Version(),
			"cpus": goruntime.NumCPU(), "logDir": dir, "redactionKey": source, "logStats": lg.Stats(),
			"time": time.Now().Format(time.RFC3339), "timezone": time.Now().Location().String(),
		}, "", "  ")
		return map[string][]byte{"effective-config.json": conf, "system-info.json": info}
	}
	return b, nil
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
