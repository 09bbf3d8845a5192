package logcli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

var emailPseudonym = regexp.MustCompile(`\[email:[0-9a-f]{8}\]`)

// TestExportAddsConfigAndSystemInfo: `logs export` puts the effective configuration and system
// information into the bundle, as the app's export does, redacted with the installation's
// pseudonym key so a value has the same pseudonym there as in the logs; without that key it
// says so and uses a one-off key.
func TestExportAddsConfigAndSystemInfo(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	dir := filepath.Join(t.TempDir(), "logs")
	pkey := []byte("installation-pseudonym-key-0002")
	l, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, Clock: logs.ClockFunc(func() time.Time { return now })}, PseudonymKey: pkey})
	if err != nil {
		t.Fatal(err)
	}
	batch := `{"source":"streams-ccp","region":"us-east-1","entries":[{"level":"INFO","text":"login jane.doe@example.com","time":"2026-11-21T11:00:00Z"}]}`
	if res, err := l.Ingest([]byte(batch)); err != nil || res.Accepted != 1 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	l.Close()
	cfg := map[string]any{"ccpUrl": "https://x.my.connect.aws/ccp-v2/", "supportContact": "jane.doe@example.com"}

	for _, tc := range []struct {
		name      string
		cli       CLI
		same      bool   // the config's pseudonym matches the log's
		source    string // redactionKey in system-info.json
		note      string // on stderr
		configErr string
	}{
		{"installation key", CLI{Pseudonym: func() ([]byte, string, error) { return pkey, "os-keyring (test)", nil },
			Config: func() (any, error) { return cfg, nil }}, true, "os-keyring (test)", "", ""},
		{"no installation key", CLI{Pseudonym: func() ([]byte, string, error) { return nil, "", errors.New("keyring locked") },
			Config: func() (any, error) { return cfg, nil }}, false, "one-off random key",
			"the installation's pseudonym key is unavailable (keyring locked)", ""},
		{"broken configuration", CLI{Pseudonym: func() ([]byte, string, error) { return pkey, "file k (test)", nil },
			Config: func() (any, error) { return nil, errors.New("config.yaml:3: bad ccpUrl") }}, false, "file k (test)", "", "config.yaml:3: bad ccpUrl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cli
			c.Now, c.Version = func() time.Time { return now }, "9.9.9-test"
			bundle := filepath.Join(t.TempDir(), "b.zip")
			var out, errb bytes.Buffer
			if code := c.Run([]string{"export", "--dir", dir, "--out", bundle}, &out, &errb); code != ExitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.note) || (tc.note == "" && errb.Len() != 0) {
				t.Errorf("stderr: got %q, want %q", errb.String(), tc.note)
			}
			files := readZip(t, bundle)
			conf, sys, logText := files["extra/effective-config.json"], files["extra/system-info.json"], files["ccp-us-east-1-agent-log.txt"]
			if conf == "" || sys == "" || logText == "" {
				t.Fatalf("bundle lacks a file: %v", keys(files))
			}
			for name, b := range files {
				if strings.Contains(b, "jane.doe") {
					t.Errorf("%s contains the canary address", name)
				}
			}
			var info map[string]any
			if err := json.Unmarshal([]byte(sys), &info); err != nil {
				t.Fatalf("system-info.json: %v", err)
			}
			if info["version"] != "9.9.9-test" || info["logDir"] != dir || info["exportedBy"] != "ccpdesk logs export" ||
				!strings.HasPrefix(info["redactionKey"].(string), tc.source) || info["os"] == "" {
				t.Errorf("system-info.json: %s", sys)
			}
			if tc.configErr != "" {
				if !strings.Contains(conf, tc.configErr) {
					t.Errorf("effective-config.json: got %s, want the error %q", conf, tc.configErr)
				}
				return
			}
			if !strings.Contains(conf, "https://x.my.connect.aws/ccp-v2/") {
				t.Errorf("effective-config.json lacks the configuration: %s", conf)
			}
			inLog, inConf := emailPseudonym.FindString(logText), emailPseudonym.FindString(conf)
			if inLog == "" || inConf == "" || (inLog == inConf) != tc.same {
				t.Errorf("pseudonyms: log %q, configuration %q, want equal %v", inLog, inConf, tc.same)
			}
		})
	}
}

func readZip(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
