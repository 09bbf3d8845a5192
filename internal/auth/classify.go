// Package auth is ccpdesk's sign-in state machine. It never sees a SAML response: it
// navigates the top-level window to the identity provider's loginUrl, watches which pages
// load (their location, reported after every top-level load), lets only the identity
// provider, the AWS sign-in hosts and the configured Connect instances through, and
// returns the window to the desk once the CCP has loaded signed in. Streams' signals
// (auth failure, iframe retries exhausted, no first ACK, initialised) arrive from the
// frontend. Everything it drives goes through the Window and Clock interfaces, so it runs
// under go test with no window.
package auth

import (
	"net/url"
	"strings"
)

// Kind is what a page location is to the sign-in flow.
type Kind string

// Page kinds.
const (
	KindApp      Kind = "app"      // the app's own page (the desk)
	KindIdP      Kind = "idp"      // an allow-listed identity-provider host
	KindAWS      Kind = "aws"      // the AWS sign-in / federation hosts
	KindInstance Kind = "instance" // a configured Connect instance, not (yet) the CCP
	KindLanded   Kind = "landed"   // a configured instance's CCP page: signed in
	KindBlank    Kind = "blank"    // about:blank and friends (transient, ignored)
	KindBlocked  Kind = "blocked"  // anything else
)

// Classifier sorts page locations. Build it with NewClassifier.
type Classifier struct {
	app       map[string]bool // origins
	instances map[string]bool // origins
	idp       []string        // host or host:port, or *.suffix
	aws       []string
}

// AWSHosts are the AWS hosts an IdP-initiated Connect sign-in passes through: the SAML
// sign-in endpoint (global and regional) and the console's federate redirect in the relay
// state (https://<region>.console.aws.amazon.com/connect/federate/<id>…).
var AWSHosts = []string{
	"signin.aws.amazon.com", "*.signin.aws.amazon.com",
	"console.aws.amazon.com", "*.console.aws.amazon.com",
	"signin.amazonaws-us-gov.com", "*.signin.amazonaws-us-gov.com",
	"console.amazonaws-us-gov.com", "*.console.amazonaws-us-gov.com",
}

// NewClassifier returns a classifier for the app's own origins, the instance CCP URLs (one,
// or two with Global Resiliency), the identity-provider hosts (entries "host",
// "host:port" or "*.suffix"; loginURL's host is always added) and the AWS hosts.
func NewClassifier(appOrigins, ccpURLs []string, loginURL string, idpHosts []string) *Classifier {
	c := &Classifier{app: map[string]bool{}, instances: map[string]bool{}, aws: AWSHosts}
	for _, o := range appOrigins {
		if o != "" {
			c.app[strings.ToLower(strings.TrimRight(o, "/"))] = true
		}
	}
	for _, u := range ccpURLs {
		if o := origin(u); o != "" {
			c.instances[o] = true
		}
	}
	for _, h := range idpHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			c.idp = append(c.idp, h)
		}
	}
	if u, err := url.Parse(loginURL); err == nil && u.Host != "" {
		c.idp = append(c.idp, strings.ToLower(u.Host))
	}
	return c
}

// Classify returns what href is.
func (c *Classifier) Classify(href string) Kind {
	if href == "" || strings.HasPrefix(href, "about:") {
		return KindBlank
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" || u.User != nil {
		return KindBlocked
	}
	o := strings.ToLower(u.Scheme + "://" + u.Host)
	if c.app[o] {
		return KindApp
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return KindBlocked
	}
	if c.instances[o] {
		if IsCCPPath(u.Path) {
			return KindLanded
		}
		return KindInstance
	}
	host := strings.ToLower(u.Host)
	if matchHost(c.idp, host, u.Hostname()) {
		return KindIdP
	}
	// AWS hosts only over HTTPS on the default port.
	if u.Scheme == "https" && u.Port() == "" && matchHost(c.aws, host, u.Hostname()) {
		return KindAWS
	}
	return KindBlocked
}

// IsCCPPath reports whether p is a CCP page (/ccp-v2, /connect/ccp-v2 on awsapps.com).
func IsCCPPath(p string) bool {
	for _, pre := range []string{"/ccp-v2", "/connect/ccp-v2"} {
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return true
		}
	}
	return false
}

// matchHost matches host ("name[:port]") or hostname against entries: an entry with a
// port must match host exactly; "*.example.com" matches any subdomain (not the apex).
func matchHost(entries []string, host, hostname string) bool {
	hostname = strings.ToLower(hostname)
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e, "*."):
			if strings.HasSuffix(hostname, e[1:]) && len(hostname) > len(e)-1 {
				return true
			}
		case strings.Contains(e, ":") && !strings.HasPrefix(e, "["):
			if e == host {
				return true
			}
		default:
			if e == hostname {
				return true
			}
		}
	}
	return false
}

func origin(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// Host returns href's host for logs ("" if it does not parse). Never log a full URL
// from the sign-in flow: query strings can carry SAML or tokens.
func Host(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	return u.Host
}
