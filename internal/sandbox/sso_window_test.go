//go:build windowtest

package sandbox

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	r, log := run(t, bin, artifacts, appRun{
		name: "selftest-sso",
		args: []string{"--selftest-scenario=sso", "--selftest-timeout=180s"},
		env:  []string{"DBUS_SESSION_BUS_ADDRESS=" + bareBus(t)},
		shots: map[string]string{"signin_blocked": "-blocked.png", "idp_password": "-idp.png", "idp_totp": "-idp-totp.png",
			"agent_ready": "-landed.png", "connected": "-connected.png"},
	})
	if !r.OK {
		t.Fatalf("self-test: ok=%v error=%q\n%s", r.OK, r.Error, tail(log))
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
