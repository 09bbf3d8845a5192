package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunExitCodes(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.yaml", "ccpUrl: http://example.com/ccp-v2/\nccpVisibility: sometimes\n")
	good := write("good.yaml", "ccpUrl: https://example.my.connect.aws/ccp-v2/\n")
	encrypted := write("encrypted.yaml", "ccpUrl: https://example.my.connect.aws/ccp-v2/\nlogs:\n  encryptAtRest: true\n")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "") // the Secret Service is unreachable: no keyring, on purpose
	tests := []struct {
		name       string
		args       []string
		want       int
		wantStdout string
		wantStderr string
	}{
		{"version", []string{"--version"}, exitOK, "ccpdesk dev", ""},
		{"version has build info", []string{"--version"}, exitOK, "wails:    v2.16.0", ""},
		{"invalid VDI platform lists the valid ones", []string{"--ccp-url", "https://example.my.connect.aws/ccp-v2/", "--vdi-platform", "vmware"}, exitConfig, "",
			`flag --vdi-platform: softphone.vdiPlatform: invalid VDIPlatform: "vmware" (valid: CITRIX, CITRIX_413, AWS_WORKSPACE, OMNISSA, AZURE, or empty for none)`},
		{"invalid softphone mode", []string{"doctor", "--sandbox", "--softphone-mode", "local"}, exitConfig, "", "(valid: standard, signalling, media)"},
		{"doctor shows sources and VDI", []string{"doctor", "--sandbox", "--softphone-mode", "signalling"}, exitOK, "mode: signalling; Streams softphone parameters: {\"allowFramedSoftphone\":false,\"disableRingtone\":true", ""},
		{"doctor names the flag a value came from", []string{"doctor", "--sandbox", "--softphone-mode", "signalling"}, exitOK, "flag --softphone-mode", ""},
		{"unknown flag", []string{"--nope"}, exitConfig, "", "flag provided but not defined"},
		{"bad log level", []string{"--log-level", "loud"}, exitConfig, "", "--log-level"},
		{"invalid config file", []string{"--config", bad}, exitConfig, "", bad + ":1: ccpUrl: must use https"},
		{"invalid config names line 2", []string{"--config", bad}, exitConfig, "", bad + ":2: ccpVisibility"},
		{"missing explicit file", []string{"--config", filepath.Join(dir, "none.yaml")}, exitConfig, "", "cannot read"},
		{"bad flag value", []string{"--ccp-url", "https://example.com/agent"}, exitConfig, "", "flag --ccp-url: ccpUrl: path \"/agent\" is not a CCP path"},
		{"doctor sandbox", []string{"doctor", "--sandbox"}, exitOK, "wails://wails", ""},
		{"doctor invalid", []string{"doctor", "--config", bad}, exitConfig, "", "must use https"},
		{"doctor lists bundled origins", []string{"doctor", "--config", good, "--sandbox"}, exitOK, "http://wails.localhost", ""},
		{"doctor: log encryption off", []string{"doctor", "--config", good, "--sandbox"}, exitOK, "Log encryption at rest (logs.encryptAtRest, from default): off", ""},
		// No D-Bus session (below): no keyring, so encryption at rest cannot work, and doctor fails.
		{"doctor: log encryption on without a keyring", []string{"doctor", "--config", encrypted, "--sandbox"}, exitFail,
			"Log encryption at rest (logs.encryptAtRest, from user file " + encrypted + ":3): on, but NO KEY: the OS keyring is unavailable",
			"logs.encryptAtRest is on but there is no key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(tt.args, &out, &errb); got != tt.want {
				t.Errorf("exit = %d, want %d\nstdout: %s\nstderr: %s", got, tt.want, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.wantStdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantStdout, out.String())
			}
			if !strings.Contains(errb.String(), tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, errb.String())
			}
		})
	}
}
