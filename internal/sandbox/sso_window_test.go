//go:build windowtest

package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWindowSSO is the whole SAML sign-in in the real window (--sandbox-sso, scenario sso):
// the sign-in screen; a redirect to an unlisted host during sign-in, which must be blocked
// (back on the sign-in screen, saying so); the test IdP's password and TOTP pages, filled
// by the app through WindowExecJS; the landing back on the desk; the CCP initialised
// signed in; then a call handled. The app gets a session bus on which nothing can be
// activated (no Secret Service): the keyring must be reported off and the app must work.
// Screenshots: the IdP page, the desk after landing, the call.
func TestWindowSSO(t *testing.T) {
	bin, artifacts := windowEnv(t)
	name := "selftest-sso"
	home := t.TempDir()
	report := filepath.Join(artifacts, name+".json")
	_ = os.Remove(report)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--selftest="+report, "--selftest-linger=3s", "--selftest-scenario=sso", "--selftest-timeout=180s")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
		"XDG_DATA_HOME="+home+"/.local/share", "DBUS_SESSION_BUS_ADDRESS="+bareBus(t))
	var out strings.Builder
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	shot := func(file string) {
		if err := exec.Command("import", "-window", "root", filepath.Join(artifacts, file)).Run(); err != nil {
			t.Logf("screenshot %s: %v", file, err)
		}
	}
	// Screenshot when a step first appears (after a short settle: the page is drawn).
	shots := map[string]string{"signin_blocked": "-blocked.png", "idp_password": "-idp.png", "idp_totp": "-idp-totp.png", "agent_ready": "-landed.png", "connected": "-connected.png"}
	taken := map[string]bool{}
	var exitErr error
loop:
	for {
		select {
		case exitErr = <-done:
			break loop
		case <-time.After(250 * time.Millisecond):
		}
		var r Report
		data, err := os.ReadFile(report)
		if err != nil || json.Unmarshal(data, &r) != nil {
			continue
		}
		for _, s := range r.Steps {
			if suffix, ok := shots[s.Name]; ok && !taken[s.Name] {
				taken[s.Name] = true
				time.Sleep(600 * time.Millisecond)
				shot(name + suffix)
			}
		}
		if r.Done && !taken["done"] {
			taken["done"] = true
			shot(name + "-done.png")
		}
	}
	mu.Lock()
	log := out.String()
	mu.Unlock()
	_ = os.WriteFile(filepath.Join(artifacts, name+".log"), []byte(log), 0o644)
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report (exit %v):\n%s", exitErr, tail(log))
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if !r.OK || exitErr != nil {
		t.Fatalf("self-test: ok=%v error=%q exit=%v\n%s", r.OK, r.Error, exitErr, tail(log))
	}
	panel := func(step string) map[string]any {
		for _, s := range r.Steps {
			if s.Name == step {
				return s.Panel
			}
		}
		return nil
	}
	if p := panel("blocked"); p == nil || !strings.HasPrefix(p["host"].(string), "127.0.0.1:") || p["kind"] != "blocked" {
		t.Errorf("blocked step = %v, want the unlisted loopback host classified blocked", p)
	}
	if p := panel("signin_blocked"); p == nil || p["reason"] != "blocked" || !strings.Contains(p["text"].(string), "not allowed") {
		t.Errorf("signin_blocked = %v, want the sign-in screen saying the host was not allowed", p)
	}
	if p := panel("idp_password"); p == nil || p["kind"] != "idp" {
		t.Errorf("idp_password = %v", p)
	}
	if p := panel("landed"); p == nil || p["path"] != "/ccp-v2/" {
		t.Errorf("landed = %v, want the CCP path", p)
	}
	if p := panel("signin_screen"); p == nil || !strings.Contains(p["text"].(string), "keyring off") {
		t.Errorf("signin_screen = %v, want the keyring-off notice (no Secret Service)", p)
	}
	if got := stepText(r, "connected"); !strings.Contains(got, SelfTestCaller) {
		t.Errorf("connected panel = %q, want the call from %s", got, SelfTestCaller)
	}
	for _, want := range []string{"keyring: unavailable", "sign-in: blocked a page on a host that is not allowed", "agent signed in with SAML", "sign-in: landed on the CCP"} {
		if !strings.Contains(log, want) {
			t.Errorf("app log lacks %q", want)
		}
	}
	for _, never := range []string{"SAMLResponse=", "sandbox-password"} {
		if strings.Contains(log, never) {
			t.Errorf("app log contains %q", never)
		}
	}
}

// bareBus starts a private session bus with no activatable services (so no Secret Service)
// and returns its address; it stops with the test.
func bareBus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=`+dir+`</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		if a == "" {
			t.Fatal("dbus-daemon printed no address")
		}
		return a
	case <-time.After(20 * time.Second):
		t.Fatal("dbus-daemon did not start within 20s")
	}
	return ""
}
