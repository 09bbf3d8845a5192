// Package autostart registers the app to start when the user logs in: a Windows Run
// registry value (HKCU), a macOS LaunchAgent plist, or an XDG autostart .desktop entry on
// Linux. It only ever touches its own entry (named by Entry.ID).
package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrUnsupported is returned on a platform with no autostart mechanism here.
var ErrUnsupported = errors.New("start at login is not supported on this platform")

// Entry describes the app to start.
type Entry struct {
	// ID names the entry: the .desktop file, the LaunchAgent label, the Run value.
	ID string
	// Name is shown by the desktop's startup-applications settings.
	Name string
	// Exec is the absolute path of the executable; Args are passed to it.
	Exec string
	Args []string
	// GOOS selects the mechanism (runtime.GOOS when empty); tests set it.
	GOOS string
	// Home and ConfigHome replace the user's home and XDG_CONFIG_HOME (tests).
	Home, ConfigHome string
}

func (e Entry) goos() string {
	if e.GOOS != "" {
		return e.GOOS
	}
	return runtime.GOOS
}

// Sync makes the OS entry match enabled: written (with the current Exec) when enabled,
// removed when disabled and present.
func Sync(e Entry, enabled bool) error {
	if enabled {
		return Enable(e)
	}
	on, err := Enabled(e)
	if err != nil || !on {
		return err
	}
	return Disable(e)
}

// Enable writes the entry.
func Enable(e Entry) error {
	if e.ID == "" || !isAbs(e.goos(), e.Exec) {
		return fmt.Errorf("autostart: need an ID and an absolute executable path, got %q, %q", e.ID, e.Exec)
	}
	switch e.goos() {
	case "windows":
		return runKeySet(e.ID, windowsCommand(e.Exec, e.Args))
	case "darwin", "linux", "freebsd", "openbsd", "netbsd":
		p, body, err := fileEntry(e)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("autostart: %w", err)
		}
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
			return fmt.Errorf("autostart: %w", err)
		}
		if err := os.Rename(tmp, p); err != nil {
			return fmt.Errorf("autostart: %w", err)
		}
		return nil
	}
	return ErrUnsupported
}

// Disable removes the entry (no error if it is absent).
func Disable(e Entry) error {
	switch e.goos() {
	case "windows":
		return runKeyDelete(e.ID)
	case "darwin", "linux", "freebsd", "openbsd", "netbsd":
		p, err := Path(e)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("autostart: %w", err)
		}
		return nil
	}
	return ErrUnsupported
}

// Enabled reports whether the entry exists.
func Enabled(e Entry) (bool, error) {
	switch e.goos() {
	case "windows":
		return runKeyExists(e.ID)
	case "darwin", "linux", "freebsd", "openbsd", "netbsd":
		p, err := Path(e)
		if err != nil {
			return false, err
		}
		_, err = os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		return err == nil, err
	}
	return false, ErrUnsupported
}

// Path is the file of a file-based entry (macOS, Linux).
func Path(e Entry) (string, error) {
	switch e.goos() {
	case "darwin":
		home, err := e.home()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "LaunchAgents", e.ID+".plist"), nil
	case "windows":
		return "", fmt.Errorf("autostart: windows uses the registry (HKCU\\%s\\%s)", runKey, e.ID)
	default:
		dir := e.ConfigHome
		if dir == "" {
			dir = os.Getenv("XDG_CONFIG_HOME")
		}
		if dir == "" || !filepath.IsAbs(dir) { // the XDG spec: ignore a relative value
			home, err := e.home()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(home, ".config")
		}
		return filepath.Join(dir, "autostart", e.ID+".desktop"), nil
	}
}

func (e Entry) home() (string, error) {
	if e.Home != "" {
		return e.Home, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: %w", err)
	}
	return h, nil
}

func fileEntry(e Entry) (string, string, error) {
	p, err := Path(e)
	if err != nil {
		return "", "", err
	}
	if e.goos() == "darwin" {
		return p, launchAgent(e), nil
	}
	return p, desktopEntry(e), nil
}

// isAbs checks an absolute path of the target OS (C:\… or \\server\… on Windows).
func isAbs(goos, p string) bool {
	if goos == "windows" {
		return len(p) > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') || strings.HasPrefix(p, `\\`)
	}
	return strings.HasPrefix(p, "/")
}

// runKey is the per-user Run key (no admin rights needed).
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// desktopEntry is an XDG autostart entry (Desktop Entry Specification 1.5).
func desktopEntry(e Entry) string {
	name := e.Name
	if name == "" {
		name = e.ID
	}
	args := []string{desktopQuote(e.Exec)}
	for _, a := range e.Args {
		args = append(args, desktopQuote(a))
	}
	return "[Desktop Entry]\nType=Application\nName=" + name + "\nExec=" + strings.Join(args, " ") +
		"\nTerminal=false\nX-GNOME-Autostart-enabled=true\nComment=Started at login (ccpdesk setting startAtLogin)\n"
}

// desktopQuote quotes an Exec argument per the spec (double quotes; escape " ` $ \ inside,
// and % as %%).
func desktopQuote(s string) string {
	s = strings.ReplaceAll(s, "%", "%%")
	if !strings.ContainsAny(s, " \t\n\"'\\><~|&;$*?#()`") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\\\`, `"`, `\\"`, "`", "\\\\`", `$`, `\\$`)
	return `"` + r.Replace(s) + `"`
}

func launchAgent(e Entry) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>` + xmlEscape(e.ID) + `</string>
  <key>ProgramArguments</key>
  <array>
`)
	for _, a := range append([]string{e.Exec}, e.Args...) {
		b.WriteString("    <string>" + xmlEscape(a) + "</string>\n")
	}
	b.WriteString(`  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>ProcessType</key>
  <string>Interactive</string>
</dict>
</plist>
`)
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// windowsCommand quotes the executable and arguments for the Run value.
func windowsCommand(exe string, args []string) string {
	parts := []string{`"` + exe + `"`}
	for _, a := range args {
		if strings.ContainsAny(a, " \t\"") {
			a = `"` + strings.ReplaceAll(a, `"`, `\"`) + `"`
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
