//go:build windowtest

// Whole-window tests: the real Linux binary (WebKitGTK) in sandbox mode. Run under a display
// and a session bus, with the binary built by `wails build`:
//
//	CCPDESK_BIN=$PWD/build/bin/ccpdesk CCPDESK_ARTIFACTS=$PWD/e2e/artifacts \
//	  xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- \
//	  go test -tags windowtest -run Window -v ./internal/sandbox/
package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func windowEnv(t *testing.T) (bin, artifacts string) {
	t.Helper()
	bin = os.Getenv("CCPDESK_BIN")
	if bin == "" || os.Getenv("DISPLAY") == "" {
		// Only `make window-test` builds this file (tag windowtest), and it provides both: missing ones are a
		// broken setup, not a reason to pass.
		t.Fatal("needs CCPDESK_BIN and a DISPLAY (see the file comment)")
	}
	artifacts = os.Getenv("CCPDESK_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, artifacts
}

// appRun is one run of the real binary: its name (report, log and screenshot files), extra
// arguments and environment, and the steps to screenshot when they first appear.
type appRun struct {
	name  string
	args  []string
	env   []string
	shots map[string]string // step name → file suffix; one screenshot per suffix
}

// defaultShots: the call connected (or a failover pending, for the GR scenario).
var defaultShots = map[string]string{"connected": "-connected.png", "failover_pending": "-connected.png"}

// runApp runs the binary with a private HOME, a self-test report and the given
// arguments; it takes a screenshot when a listed step first appears and when the run is
// done, and returns the report and the app's output.
func runApp(t *testing.T, bin, artifacts, name string, args ...string) (Report, string) {
	t.Helper()
	return run(t, bin, artifacts, appRun{name: name, args: args, shots: defaultShots})
}

func run(t *testing.T, bin, artifacts string, a appRun) (Report, string) {
	t.Helper()
	home := t.TempDir()
	report := filepath.Join(artifacts, a.name+".json")
	_ = os.Remove(report)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--selftest=" + report, "--selftest-linger=3s"}, a.args...)...)
	cmd.Env = append(append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
		"XDG_DATA_HOME="+home+"/.local/share"), a.env...)
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
	taken := map[string]bool{} // by file suffix
	var exitErr error
loop:
	for {
		select {
		case exitErr = <-done:
			break loop
		case <-time.After(250 * time.Millisecond):
		}
		var r Report
		if data, err := os.ReadFile(report); err == nil && json.Unmarshal(data, &r) == nil {
			for _, s := range r.Steps {
				if suffix, ok := a.shots[s.Name]; ok && !taken[suffix] {
					taken[suffix] = true
					time.Sleep(700 * time.Millisecond) // let the page draw the step
					shot(a.name + suffix)
				}
			}
			if r.Done && !taken["-done.png"] {
				taken["-done.png"] = true
				shot(a.name + "-done.png")
			}
		}
	}
	mu.Lock()
	log := out.String()
	mu.Unlock()
	_ = os.WriteFile(filepath.Join(artifacts, a.name+".log"), []byte(log), 0o644)
	var r Report
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report (exit %v):\n%s", exitErr, tail(log))
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if exitErr != nil && r.OK {
		t.Errorf("report ok but exit %v", exitErr)
	}
	return r, log
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func tail(s string) string {
	if len(s) > 4000 {
		return s[len(s)-4000:]
	}
	return s
}

func stepText(r Report, name string) string {
	for _, s := range r.Steps {
		if s.Name == name {
			v, _ := s.Panel["text"].(string)
			return v
		}
	}
	return ""
}

func checkScenario(t *testing.T, r Report, log string) {
	t.Helper()
	if !r.OK {
		t.Fatalf("self-test failed: %s\n%s", r.Error, tail(log))
	}
	for step, wants := range map[string][]string{
		"incoming":        {"Incoming call", SelfTestCaller, "BasicQueue", "Time in queue", "Account", "A-1001", "Accept", "Alt+A"},
		"connected":       {"Call with " + SelfTestCaller, "Connected", "Hold", "Mute", "Hang up"},
		"held":            {"On hold", "Resume"},
		"resumed":         {"Connected", "Hold"},
		"consulting":      {"Escalations desk", "Third party", "Swap", "Join"},
		"conference":      {"Escalations desk", "Connected"},
		"after_call_work": {"After contact work", "Clear contact"},
		"cleared":         {"Waiting for contacts"},
	} {
		text := stepText(r, step)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("step %s: the panel did not show %q; it showed:\n%s", step, w, text)
			}
		}
	}
}

// TestWindowSelfTest: bundled shell, sandbox, one inbound call through the real window.
func TestWindowSelfTest(t *testing.T) {
	bin, artifacts := windowEnv(t)
	r, log := runApp(t, bin, artifacts, "selftest-bundled")
	checkScenario(t, r, log)
	if got, _ := r.Steps[0].Panel["origin"].(string); got != "wails://wails" {
		t.Errorf("the scenario ran at origin %q, want wails://wails", got)
	}
}

// TestWindowHostedShell: ccpsim approves only a second loopback origin that serves the
// built frontend; the app loads it as a hosted shell and runs the scenario from there. A
// third origin is then loaded and must not be able to call any binding.
func TestWindowHostedShell(t *testing.T) {
	bin, artifacts := windowEnv(t)
	dist := os.Getenv("CCPDESK_DIST")
	if dist == "" {
		dist = filepath.Join("..", "..", "frontend", "dist")
	}
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		t.Fatalf("no built frontend in %s (make window-test builds it)", dist)
	}
	hosted := httptest.NewServer(http.FileServer(http.Dir(dist)))
	t.Cleanup(hosted.Close)

	var mu sync.Mutex
	var probe []string
	third := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/report" {
			mu.Lock()
			probe = append(probe, r.URL.Query().Get("r"))
			mu.Unlock()
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, probePage)
	}))
	t.Cleanup(third.Close)

	r, log := runApp(t, bin, artifacts, "selftest-hosted",
		"--shell=hosted", "--hosted-shell-url="+hosted.URL+"/", "--selftest-probe-url="+third.URL+"/")
	checkScenario(t, r, log)
	if got, _ := r.Steps[0].Panel["origin"].(string); got != hosted.URL {
		t.Errorf("the scenario ran at origin %q, want the hosted shell %s", got, hosted.URL)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(probe) == 0 {
		t.Fatalf("the third-origin probe never reported\n%s", tail(log))
	}
	for _, p := range probe {
		if p != "blocked" && p != "started" {
			t.Errorf("third origin %s: binding call result %q, want blocked", third.URL, p)
		}
	}
	if !contains(probe, "blocked") {
		t.Errorf("probe results %v, want blocked", probe)
	}
	t.Logf("hosted origin %s ran the scenario; third origin %s: %v", hosted.URL, third.URL, probe)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// probePage tries every way a page can reach the Go side — the Wails runtime if it was
// injected, and the raw native message handler — and reports whether any answer came.
var probePage = fmt.Sprintf(`<!doctype html><meta charset="utf-8"><title>probe</title><body>origin probe
<script>
function report(r){ fetch('/report?r='+encodeURIComponent(r)); document.body.append(' '+r); }
report('started');
var answered = false;
window.wails = { Callback: function(m){ answered = true; report('allowed:'+m); }, EventsNotify: function(){} };
try { if (window.go && window.go.bridge) { window.go.bridge.Shell.Config().then(function(c){ answered = true; report('allowed-go'); }); } } catch(e) {}
var h = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.external;
if (h) { h.postMessage('C'+JSON.stringify({name:'bridge.Shell.Config', args:[], callbackID:'probe-1'}));
         h.postMessage('C'+JSON.stringify({name:'bridge.Simulator.MakeContact', args:[{channel:'VOICE'}], callbackID:'probe-2'})); }
setTimeout(function(){ report(answered ? 'allowed' : (h ? 'blocked' : 'no-handler')); }, %d);
</script>`, 3000)

// TestWindowMultiContacts: the Simulator drawer (in the real window) makes a chat and a
// call arrive; both are handled at once with the switcher (the chat accepted with Alt+A);
// a failover stays pending until they end, then completes.
func TestWindowMultiContacts(t *testing.T) {
	bin, artifacts := windowEnv(t)
	r, log := runApp(t, bin, artifacts, "selftest-multi", "--selftest-scenario=multi")
	if !r.OK {
		t.Fatalf("self-test failed: %s\n%s", r.Error, tail(log))
	}
	for step, wants := range map[string][]string{
		"chat_incoming":    {"Incoming chat", "Accept"},
		"two_contacts":     {"Incoming call"},
		"call_active":      {"Call with", "Hang up"},
		"failover_pending": {"Moving to us-west-2 after"},
		"failed_over":      {"us-west-2", "Now working in us-west-2"},
	} {
		text := stepText(r, step)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("step %s: the panel did not show %q; it showed:\n%s", step, w, text)
			}
		}
	}
	for _, s := range r.Steps {
		if s.Name == "two_contacts" {
			sw, _ := s.Panel["switcher"].(string)
			if !strings.Contains(sw, "Chat") || !strings.Contains(sw, "Call") {
				t.Errorf("switcher showed %q, want both the chat and the call", sw)
			}
		}
	}
}

// TestWindowSingleInstance: a second launch exits and focuses the first window; SIGTERM
// closes the app cleanly.
func TestWindowSingleInstance(t *testing.T) {
	bin, artifacts := windowEnv(t)
	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache", "XDG_DATA_HOME="+home+"/.local/share")
	var out strings.Builder
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	first := exec.Command(bin, "--sandbox")
	first.Env, first.Stdout, first.Stderr = env, w, w
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	t.Cleanup(func() { _ = first.Process.Kill() })
	logged := func(s string) bool { mu.Lock(); defer mu.Unlock(); return strings.Contains(out.String(), s) }
	waitLog := func(s string) {
		t.Helper()
		for i := 0; i < 100 && !logged(s); i++ {
			time.Sleep(200 * time.Millisecond)
		}
		if !logged(s) {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("no %q in the log:\n%s", s, tail(out.String()))
		}
	}
	waitLog("first page loaded")

	second := exec.Command(bin, "--sandbox", "--log-level=debug")
	second.Env = env
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	secondOut, err := exec.CommandContext(ctx, second.Path, second.Args[1:]...).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the second instance did not exit: %v\n%s", err, secondOut)
	}
	waitLog("second instance launched")

	_ = first.Process.Signal(os.Interrupt)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("first instance exit after SIGINT: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("SIGINT did not close the app")
	}
	mu.Lock()
	_ = os.WriteFile(filepath.Join(artifacts, "single-instance.log"), []byte(out.String()), 0o644)
	mu.Unlock()
	geo := filepath.Join(home, ".config", "ccpdesk", "window.json")
	if _, err := os.Stat(geo); err != nil {
		t.Fatalf("window geometry not remembered on quit: %v", err)
	}

	// Relaunch with a known geometry: the window must come back there (it is saved again on quit).
	want := `{"width":1000,"height":700,"x":123,"y":77,"maximised":false}`
	if err := os.WriteFile(geo, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out.Reset()
	mu.Unlock()
	again := exec.Command(bin, "--sandbox")
	again.Env, again.Stdout, again.Stderr = env, w, w
	if err := again.Start(); err != nil {
		t.Fatal(err)
	}
	waitLog("first page loaded")
	time.Sleep(500 * time.Millisecond)
	_ = again.Process.Signal(os.Interrupt)
	_ = again.Wait()
	got, _ := os.ReadFile(geo)
	if string(got) != want {
		t.Errorf("geometry after relaunch = %s, want %s", got, want)
	}
}

// TestWindowOutboundAndMissed: an outbound call from the panel's dialer, then a call that
// rings out unanswered (missed) and the agent back to Available.
func TestWindowOutboundAndMissed(t *testing.T) {
	bin, artifacts := windowEnv(t)
	r, log := runApp(t, bin, artifacts, "selftest-outbound-missed", "--selftest-scenario=outbound-missed")
	if !r.OK {
		t.Fatalf("self-test failed: %s\n%s", r.Error, tail(log))
	}
	for step, wants := range map[string][]string{
		"outbound_connected": {"+15555550177", "Connected", "Hang up"},
	} {
		text := stepText(r, step)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("step %s: the panel did not show %q; it showed:\n%s", step, w, text)
			}
		}
	}
	for _, s := range r.Steps {
		if s.Name == "missed" {
			if txt, _ := s.Panel["agentText"].(string); !strings.Contains(txt, "Missed") {
				t.Errorf("after the missed call the agent state shows %q, want a missed-call state", txt)
			}
		}
	}
}
