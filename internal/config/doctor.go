package config

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"go.yaml.in/yaml/v3"
)

// App origins of the bundled shell per platform (Wails v2).
const (
	OriginWailsUnix    = "wails://wails"          // Linux and macOS
	OriginWailsWindows = "http://wails.localhost" // Windows (WebView2)
)

// ApprovedOrigins returns the origin(s) that must be in the instance's approved origins
// list for the configured shell, with a note for each.
func ApprovedOrigins(c *Config) []ApprovedOrigin {
	if c.Shell == ShellHosted {
		return []ApprovedOrigin{{Origin: Origin(c.HostedShellURL), Note: "hosted shell (all platforms)"}}
	}
	return []ApprovedOrigin{
		{Origin: OriginWailsUnix, Note: "bundled shell on Linux and macOS"},
		{Origin: OriginWailsWindows, Note: "bundled shell on Windows"},
	}
}

// ApprovedOrigin is one origin to approve in Amazon Connect.
type ApprovedOrigin struct {
	Origin string `json:"origin"`
	Note   string `json:"note"`
}

// URLCheck is the result of probing one configured URL.
type URLCheck struct {
	Field  string
	URL    string
	Status int
	Err    error
}

// OK reports whether the URL answered with a non-error status.
func (u URLCheck) OK() bool { return u.Err == nil && u.Status > 0 && u.Status < 400 }

// CheckURLs probes every configured URL with a GET (redirects are not followed, so a
// sign-in redirect counts as reachable).
func CheckURLs(ctx context.Context, c *Config, client *http.Client) []URLCheck {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	cl := *client
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var out []URLCheck
	for _, f := range []struct{ field, url string }{
		{"ccpUrl", c.CCPURL}, {"secondaryCCPUrl", c.SecondaryCCPURL}, {"loginUrl", c.LoginURL},
		{"hostedShellUrl", c.HostedShellURL}, {"softphone.ringtoneUrl", c.Softphone.RingtoneURL},
	} {
		if f.url == "" {
			continue
		}
		chk := URLCheck{Field: f.field, URL: f.url}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url, nil)
		if err != nil {
			chk.Err = fmt.Errorf("build request: %w", err)
		} else if resp, err := cl.Do(req); err != nil {
			chk.Err = err
		} else {
			chk.Status = resp.StatusCode
			_ = resp.Body.Close()
		}
		out = append(out, chk)
	}
	return out
}

// Doctor writes a human-readable report: the effective configuration, URL checks and the
// approved origins to add. It returns an error if any URL check failed.
func Doctor(ctx context.Context, w io.Writer, c *Config, client *http.Client) error {
	src := c.Source
	if src == "" {
		src = "(no configuration file: " + displayDefaultPath() + ")"
	}
	fmt.Fprintf(w, "Configuration file: %s\n", src)
	if c.Sandbox {
		fmt.Fprintln(w, "Mode: sandbox — ccpsim starts in-process on 127.0.0.1 with regions us-east-1 and us-west-2;")
		fmt.Fprintln(w, "      the CCP URLs below (if any) are replaced by the simulator's.")
	} else {
		fmt.Fprintln(w, "Mode: instance")
	}
	fmt.Fprintln(w, "\nEffective configuration:")
	out, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("render configuration: %w", err)
	}
	for _, line := range splitLines(string(out)) {
		fmt.Fprintf(w, "  %s\n", line)
	}
	writeSources(w, c)

	failed := 0
	if !c.Sandbox {
		fmt.Fprintln(w, "\nURL checks:")
		for _, chk := range CheckURLs(ctx, c, client) {
			switch {
			case chk.Err != nil:
				failed++
				fmt.Fprintf(w, "  FAIL %-22s %s: %v\n", chk.Field, chk.URL, chk.Err)
			case !chk.OK():
				failed++
				fmt.Fprintf(w, "  FAIL %-22s %s: HTTP %d\n", chk.Field, chk.URL, chk.Status)
			default:
				fmt.Fprintf(w, "  ok   %-22s %s: HTTP %d\n", chk.Field, chk.URL, chk.Status)
			}
		}
	}

	fmt.Fprintln(w, "\nApproved origins to add in Amazon Connect (console → your instance → Approved origins):")
	for _, o := range ApprovedOrigins(c) {
		fmt.Fprintf(w, "  %-26s (%s)\n", o.Origin, o.Note)
	}
	if c.Shell == ShellBundled && !c.Sandbox {
		fmt.Fprintln(w, "  Note: the Amazon Connect console accepts only https:// origins. If it refuses the origins")
		fmt.Fprintln(w, "  above, deploy the frontend at an HTTPS origin you control and use shell: hosted (docs/shells.md).")
	}
	if failed > 0 {
		return fmt.Errorf("%d URL check(s) failed", failed)
	}
	return nil
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
