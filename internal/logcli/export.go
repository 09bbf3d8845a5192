package logcli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

type extras map[string]string

func (e extras) String() string { return fmt.Sprint(map[string]string(e)) }

func (e extras) Set(v string) error {
	name, path, ok := strings.Cut(v, "=")
	if !ok || name == "" || path == "" {
		return errors.New("want NAME=PATH")
	}
	e[name] = path
	return nil
}

func (c *CLI) export(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", stderr)
	dir := fs.String("dir", "", "log directory (the app uses <OS data dir>/ccpdesk/logs)")
	fromS := fs.String("from", "24h", "start of the time range")
	toS := fs.String("to", "now", "end of the time range")
	out := fs.String("out", "", "bundle to write (.zip)")
	keyFile := fs.String("key-file", "", "encryption key of the log directory, if encrypted")
	pseudoFile := fs.String("pseudonym-key-file", "", "pseudonym key to redact extra files consistently with the logs (default: the installation's)")
	ex := extras{}
	fs.Var(ex, "extra", "add a file to the bundle as extra/NAME (redacted); repeatable")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 {
		if err == nil {
			fmt.Fprintf(stderr, "logs export: unexpected argument %q\n", pos[0])
		}
		return ExitUsage
	}
	if *dir == "" || *out == "" {
		fmt.Fprintf(stderr, "logs export: --dir and --out are required\n%s", usage)
		return ExitUsage
	}
	now := c.Now()
	from, err1 := parseWhen(*fromS, now)
	to, err2 := parseWhen(*toS, now)
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintf(stderr, "logs export: %v\n", err)
		return ExitUsage
	}
	if to.Before(from) {
		fmt.Fprintf(stderr, "logs export: --to %s is before --from %s\n", to.Format(time.RFC3339), from.Format(time.RFC3339))
		return ExitUsage
	}
	opts := logs.ExportOptions{Dir: *dir, From: from, To: to, Now: now, Extras: map[string][]byte{}}
	var err, keyErr error
	encryption := "read key: --key-file"
	if *keyFile != "" {
		if opts.EncryptionKey, err = readKey(*keyFile); err != nil {
			fmt.Fprintf(stderr, "logs export: %v\n", err)
			return ExitUsage
		}
	} else if opts.EncryptionKey, keyErr = c.keyringKey(); keyErr != nil {
		encryption = "read key: none (" + keyErr.Error() + ")"
	} else {
		encryption = "read key: os-keyring"
	}
	pkey, psrc, code := c.pseudonymKey(*pseudoFile, stderr)
	if code != ExitOK {
		return code
	}
	if opts.Redactor, err = logs.NewRedactor(pkey); err != nil {
		fmt.Fprintf(stderr, "logs export: %v\n", err)
		return ExitUsage
	}
	info := SupportInfo{Version: c.Version, LogDir: *dir, RedactionKey: psrc, Encryption: encryption,
		ExportedBy: "ccpdesk logs export", Now: now, ConfigError: "no configuration loader"}
	if c.Config != nil {
		if info.Config, err = c.Config(); err != nil {
			info.Config, info.ConfigError = nil, err.Error()
		}
	}
	for name, b := range info.Extras() {
		opts.Extras[name] = b
	}
	for name, path := range ex { // --extra may replace them
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "logs export: extra %s: %v\n", name, err)
			return ExitError
		}
		opts.Extras[name] = b
	}
	if _, err := os.Stat(*dir); err != nil {
		fmt.Fprintf(stderr, "logs export: %v\n", err)
		return ExitError
	}
	sum, err := writeBundle(*out, opts)
	if err != nil {
		fmt.Fprintf(stderr, "logs export: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stdout, "wrote %s (%s → %s)\n", *out, from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339))
	names := make([]string, 0, len(sum.Files))
	for n := range sum.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(stdout, "  %-32s %d records\n", n, sum.Files[n])
	}
	extraNames := make([]string, 0, len(opts.Extras))
	for n := range opts.Extras {
		extraNames = append(extraNames, n)
	}
	sort.Strings(extraNames)
	for _, n := range extraNames {
		fmt.Fprintf(stdout, "  extra/%s (redacted)\n", n)
	}
	for _, g := range sum.Gaps {
		fmt.Fprintf(stdout, "  gap: %s\n", g)
	}
	msgs := make([]string, len(sum.Problems))
	for i, p := range sum.Problems {
		fmt.Fprintf(stdout, "  problem: %s offset %d: %s\n", p.File, p.Offset, p.Err)
		msgs[i] = p.Err
	}
	warnNoKey(stderr, "export", keyErr, msgs)
	return ExitOK
}

// pseudonymKey returns the key that redacts the extra files and its source: --pseudonym-key-file,
// else the installation's (so pseudonyms match the logs'), else a one-off random key (noted).
func (c *CLI) pseudonymKey(file string, stderr io.Writer) ([]byte, string, int) {
	if file != "" {
		k, err := readKey(file)
		if err != nil {
			fmt.Fprintf(stderr, "logs export: %v\n", err)
			return nil, "", ExitUsage
		}
		return k, "--pseudonym-key-file", ExitOK
	}
	err := errors.New("no key store")
	if c.Pseudonym != nil {
		var k []byte
		var src string
		if k, src, err = c.Pseudonym(); err == nil {
			return k, src, ExitOK
		}
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		fmt.Fprintf(stderr, "logs export: %v\n", err)
		return nil, "", ExitError
	}
	fmt.Fprintf(stderr, "logs export: note: the installation's pseudonym key is unavailable (%v): the extra files are "+
		"redacted with a one-off key, so their pseudonyms will not match the logs' (pass --pseudonym-key-file)\n", err)
	return k, "one-off random key (installation key unavailable)", ExitOK
}

// writeBundle writes to a temporary file and renames it, so a failed export
// never leaves a half bundle under the requested name.
func writeBundle(out string, opts logs.ExportOptions) (logs.ExportSummary, error) {
	f, err := os.CreateTemp(filepath.Dir(out), ".ccpdesk-export-*")
	if err != nil {
		return logs.ExportSummary{}, fmt.Errorf("create bundle: %w", err)
	}
	defer os.Remove(f.Name())
	sum, err := logs.Export(f, opts)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sum, err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return sum, fmt.Errorf("create bundle: %w", err)
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return sum, fmt.Errorf("create bundle: %w", err)
	}
	return sum, nil
}

// parseWhen reads an absolute time, a date, "now", or an age like 24h.
func parseWhen(s string, now time.Time) (time.Time, error) {
	if s == "now" {
		return now, nil
	}
	if d, err := time.ParseDuration(strings.TrimPrefix(s, "-")); err == nil {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339, YYYY-MM-DD, now, or an age such as 24h", s)
}

// readKey reads a key file: hex, or raw bytes.
func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	t := strings.TrimSpace(string(b))
	if k, err := hex.DecodeString(t); err == nil && len(k) >= 16 {
		return k, nil
	}
	return b, nil
}
