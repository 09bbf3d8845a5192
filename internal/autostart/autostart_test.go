package autostart

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestLinuxXDG(t *testing.T) {
	tests := []struct {
		name     string
		exec     string
		args     []string
		wantExec string
	}{
		{name: "plain", exec: "/usr/bin/ccpdesk", wantExec: "Exec=/usr/bin/ccpdesk\n"},
		{name: "spaces and a flag", exec: "/opt/cc desk/ccpdesk", args: []string{"--config", "/etc/a b.yaml"},
			wantExec: `Exec="/opt/cc desk/ccpdesk" --config "/etc/a b.yaml"` + "\n"},
		{name: "specials", exec: "/opt/x/ccpdesk", args: []string{`50%$"`},
			wantExec: `Exec=/opt/x/ccpdesk "50%%\\$\\""` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := t.TempDir()
			e := Entry{ID: "io.github.ccpdesk.ccpdesk", Name: "ccpdesk", Exec: tt.exec, Args: tt.args, GOOS: "linux", ConfigHome: cfg}
			if on, err := Enabled(e); err != nil || on {
				t.Fatalf("Enabled before = %v, %v; want false, nil", on, err)
			}
			if err := Sync(e, true); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(cfg, "autostart", "io.github.ccpdesk.ccpdesk.desktop")
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatalf("entry not written: %v", err)
			}
			for _, w := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=ccpdesk\n", tt.wantExec} {
				if !strings.Contains(string(body), w) {
					t.Errorf("entry lacks %q:\n%s", w, body)
				}
			}
			if on, err := Enabled(e); err != nil || !on {
				t.Fatalf("Enabled after = %v, %v; want true, nil", on, err)
			}
			if err := Sync(e, false); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("entry still there after Sync(false): %v", err)
			}
			if err := Sync(e, false); err != nil {
				t.Fatalf("Sync(false) with no entry: %v", err)
			}
		})
	}
}

func TestLinuxXDGFallbacks(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name, xdg, want string
	}{
		{name: "XDG_CONFIG_HOME", xdg: "/x/cfg", want: "/x/cfg/autostart/id.desktop"},
		{name: "unset", xdg: "", want: filepath.Join(home, ".config/autostart/id.desktop")},
		{name: "relative is ignored", xdg: "cfg", want: filepath.Join(home, ".config/autostart/id.desktop")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CONFIG_HOME", tt.xdg)
			got, err := Path(Entry{ID: "id", GOOS: "linux", Home: home})
			if err != nil || got != tt.want {
				t.Errorf("Path = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDarwinLaunchAgent(t *testing.T) {
	home := t.TempDir()
	e := Entry{ID: "io.github.ccpdesk.ccpdesk", Exec: "/Applications/ccpdesk.app/Contents/MacOS/ccpdesk", Args: []string{"--a&b"}, GOOS: "darwin", Home: home}
	if err := Enable(e); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(home, "Library/LaunchAgents/io.github.ccpdesk.ccpdesk.plist"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<string>io.github.ccpdesk.ccpdesk</string>", "<string>/Applications/ccpdesk.app/Contents/MacOS/ccpdesk</string>", "<string>--a&amp;b</string>", "<key>RunAtLoad</key>\n  <true/>"} {
		if !strings.Contains(string(body), w) {
			t.Errorf("plist lacks %q:\n%s", w, body)
		}
	}
	if err := Disable(e); err != nil {
		t.Fatal(err)
	}
}

func TestWindowsCommand(t *testing.T) {
	got := windowsCommand(`C:\Program Files\ccpdesk\ccpdesk.exe`, []string{"--config", `C:\a b\c.yaml`})
	want := `"C:\Program Files\ccpdesk\ccpdesk.exe" --config "C:\a b\c.yaml"`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if runtime.GOOS != "windows" {
		if err := Enable(Entry{ID: "x", Exec: `C:\x.exe`, GOOS: "windows"}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Enable(windows) off Windows = %v, want ErrUnsupported", err)
		}
	}
}

func TestEnableRefusesRelativeExec(t *testing.T) {
	if err := Enable(Entry{ID: "x", Exec: "ccpdesk", GOOS: "linux", ConfigHome: t.TempDir()}); err == nil {
		t.Error("Enable with a relative Exec succeeded")
	}
}
