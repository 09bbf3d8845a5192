package bridge

import (
	"fmt"
	"net/url"
	"strings"
)

// HostedOrigins returns the exact origin allowed to call bindings for a hosted shell URL
// (scheme://host[:port], no wildcard). Anything else is refused by Wails' origin check.
func HostedOrigins(hostedShellURL string) ([]string, error) {
	if hostedShellURL == "" {
		return nil, nil
	}
	u, err := url.Parse(hostedShellURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("hosted shell URL %q: %w", hostedShellURL, ErrNotAvailable)
	}
	if strings.Contains(u.Host, "*") {
		return nil, fmt.Errorf("hosted shell URL %q: wildcards are not allowed", hostedShellURL)
	}
	return []string{u.Scheme + "://" + u.Host}, nil
}

func joinOrigins(o []string) string { return strings.Join(o, ",") }
