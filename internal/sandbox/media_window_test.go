//go:build windowtest

package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// mediaState is the part of ccpsim's GET /v1/state the media checks read.
type mediaState struct {
	Agents []struct {
		Username   string `json:"username"`
		MediaOwner *struct {
			PortID       string `json:"portId"`
			ParentOrigin string `json:"parentOrigin"`
			Via          string `json:"via"`
		} `json:"mediaOwner"`
		Contacts []struct {
			ContactID string `json:"contactId"`
			Media     *struct {
				State string `json:"state"`
			} `json:"media"`
		} `json:"contacts"`
	} `json:"agents"`
	CCPs []struct {
		PortID       string `json:"portId"`
		ParentOrigin string `json:"parentOrigin"`
	} `json:"ccps"`
}

var controlRE = regexp.MustCompile(`"control":"(http://127\.0\.0\.1:[0-9]+)"`)

// runMode starts the real binary in sandbox mode with --softphone-mode mode and waits until its
// CCP is connected to the sandbox's ccpsim; it returns ccpsim's control URL and a state reader.
func runMode(t *testing.T, bin, mode string) (control string, state func() mediaState, shot func(string)) {
	t.Helper()
	home := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--sandbox", "--softphone-mode", mode)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
		"XDG_DATA_HOME="+home+"/.local/share")
	var out strings.Builder
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_, artifacts := windowEnv(t)
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cancel()
			<-done
		}
		cancel()
		mu.Lock()
		_ = os.WriteFile(filepath.Join(artifacts, "media-"+mode+".log"), []byte(out.String()), 0o644)
		mu.Unlock()
	})
	logText := func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
	poll := func(what string, timeout time.Duration, f func() bool) {
		t.Helper()
		for deadline := time.Now().Add(timeout); !f(); time.Sleep(250 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s mode: waited %v for %s\n%s", mode, timeout, what, tail(logText()))
			}
		}
	}
	poll("ccpsim's control URL", 90*time.Second, func() bool {
		if m := controlRE.FindStringSubmatch(logText()); m != nil {
			control = m[1]
			return true
		}
		return false
	})
	state = func() mediaState {
		var s mediaState
		resp, err := http.Get(control + "/v1/state")
		if err != nil {
			return s
		}
		defer resp.Body.Close()
		_ = json.NewDecoder(resp.Body).Decode(&s)
		return s
	}
	poll("the window's CCP connected to ccpsim", 3*time.Minute, func() bool { return len(state().CCPs) > 0 })
	// shot waits (bounded) until the screen is not blank: WebKit repaints a moment after the window is raised.
	shot = func(file string) {
		path := filepath.Join(artifacts, file)
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Second) {
			if err := exec.Command("import", "-window", "root", path).Run(); err != nil {
				t.Logf("screenshot %s: %v", file, err)
				return
			}
			// the middle of the screen (the window's content): one colour while nothing is painted
			sd, err := exec.Command("convert", path, "-crop", "400x300+440+200", "+repage", "-format", "%[fx:standard_deviation]", "info:").Output()
			v, perr := strconv.ParseFloat(strings.TrimSpace(string(sd)), 64)
			if err != nil || perr != nil || v > 0.02 || time.Now().After(deadline) {
				return
			}
		}
	}
	return control, state, shot
}

func post(t *testing.T, url, body string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("POST %s: %s", url, resp.Status)
	}
}

func waitFor(t *testing.T, what string, timeout time.Duration, f func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !f(); time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", timeout, what)
		}
	}
}

// TestWindowMediaMode: the real binary in media mode shows the media window and its CCP owns the
// agent's media in ccpsim (allowFramedSoftphone true, from wails://wails); a ringing call has no
// session yet.
func TestWindowMediaMode(t *testing.T) {
	bin, _ := windowEnv(t)
	control, state, shot := runMode(t, bin, "media")
	waitFor(t, "the media copy to own the media", 30*time.Second, func() bool {
		s := state()
		return len(s.Agents) > 0 && s.Agents[0].MediaOwner != nil && s.Agents[0].MediaOwner.Via == "framed"
	})
	s := state()
	if got := s.Agents[0].MediaOwner.ParentOrigin; got != "wails://wails" {
		t.Errorf("media owner's parent origin %q, want wails://wails", got)
	}
	post(t, control+"/v1/agents/agent1/state", `{"state":"Available"}`)
	post(t, control+"/v1/contacts", `{"channel":"VOICE","from":"+15555550100"}`)
	waitFor(t, "the call to reach the agent", 30*time.Second, func() bool {
		s := state()
		return len(s.Agents) > 0 && len(s.Agents[0].Contacts) == 1 && s.Agents[0].Contacts[0].Media != nil
	})
	if got := state().Agents[0].Contacts[0].Media.State; got != "none" {
		t.Errorf("ringing call's media session %q, want none", got)
	}
	shot("media-mode-ringing.png")
}

// TestWindowSignallingMode: the real binary in signalling mode connects its CCP without a softphone:
// ccpsim sees the CCP and no media owner.
func TestWindowSignallingMode(t *testing.T) {
	bin, _ := windowEnv(t)
	_, state, shot := runMode(t, bin, "signalling")
	// the CCP's configure (allowFramedSoftphone false) comes right after the page connects
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		s := state()
		if len(s.Agents) > 0 && s.Agents[0].MediaOwner != nil {
			t.Fatalf("a signalling copy owns the media: %+v", *s.Agents[0].MediaOwner)
		}
		time.Sleep(250 * time.Millisecond)
	}
	shot("signalling-mode.png")
}
