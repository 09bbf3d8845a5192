package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/config"
)

func TestReportLocks(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "policy.yaml")
	user := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(pol, []byte("ccpUrl: https://a.my.connect.aws/ccp-v2/\nlocked: [ccpUrl, ccpVisibility]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(user, []byte("ccpVisibility: hidden\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := "https://b.my.connect.aws/ccp-v2/"
	cfg, err := config.Load(&config.Overrides{PolicyPath: &pol, ConfigPath: &user, CCPURL: &url}, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	var stderr, logs bytes.Buffer
	reportLocks(cfg, zerolog.New(&logs), &stderr)
	for _, want := range []string{
		"ccpdesk: ccpVisibility is locked by policy (" + pol + ":2): the value from user file " + user + ":1 was ignored\n",
		"ccpdesk: ccpUrl is locked by policy (" + pol + ":2): the value from flag --ccp-url was ignored\n",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if n := strings.Count(logs.String(), `"message":"setting locked by policy; value ignored"`); n != 2 {
		t.Errorf("%d log lines, want 2:\n%s", n, logs.String())
	}
	if cfg.CCPURL != "https://a.my.connect.aws/ccp-v2/" || cfg.CCPVisibility != config.VisibilitySideBySide {
		t.Errorf("locked values not kept: %q %q", cfg.CCPURL, cfg.CCPVisibility)
	}
}
