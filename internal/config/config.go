// Package config loads, layers and validates ccpdesk's configuration: defaults, then the
// YAML file in the OS config directory, then CCPDESK_* environment variables, then
// command-line flags. Validation reports every problem with the file, line, field and
// reason; the app refuses to start on any of them.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// FileName is the name of the configuration file inside Dir().
const FileName = "config.yaml"

// CCP visibility values.
const (
	VisibilityVisible     = "visible"
	VisibilityHidden      = "hidden"
	VisibilitySideBySide  = "side-by-side"
	ShellBundled          = "bundled"
	ShellHosted           = "hosted"
	defaultPrimaryRegion  = "us-east-1"
	defaultSecondRegion   = "us-west-2"
	defaultLoadTimeoutSec = 5
)

// Config is the effective configuration. Field names in YAML, env and flags are listed in
// docs/configuration.md.
type Config struct {
	// CCPURL is the instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/.
	CCPURL string `yaml:"ccpUrl" json:"ccpUrl"`
	// SecondaryCCPURL is the CCP of the Global Resiliency replica (different origin).
	SecondaryCCPURL string `yaml:"secondaryCCPUrl,omitempty" json:"secondaryCCPUrl"`
	// Regions are the AWS regions of CCPURL and SecondaryCCPURL, in that order.
	Regions []string `yaml:"regions,omitempty" json:"regions"`
	// LoginURL is the sign-in page (required by Streams with Global Resiliency).
	LoginURL string `yaml:"loginUrl,omitempty" json:"loginUrl"`
	// CCPVisibility: visible (CCP only, panel collapsed), hidden (panel only) or side-by-side.
	CCPVisibility string `yaml:"ccpVisibility" json:"ccpVisibility"`
	// CCPLoadTimeoutSeconds is Streams' ccpLoadTimeout (wait for the first ACK).
	CCPLoadTimeoutSeconds int `yaml:"ccpLoadTimeoutSeconds" json:"ccpLoadTimeoutSeconds"`
	// Softphone holds the softphone and ringtone settings passed to initCCP.
	Softphone Softphone `yaml:"softphone" json:"softphone"`
	// ContactAttributes are the contact attributes the panel shows, in order.
	ContactAttributes []Attribute `yaml:"contactAttributes,omitempty" json:"contactAttributes"`
	// Shell selects the bundled frontend or a hosted copy at HostedShellURL.
	Shell string `yaml:"shell" json:"shell"`
	// HostedShellURL is the HTTPS URL of the hosted shell (shell: hosted).
	HostedShellURL string `yaml:"hostedShellUrl,omitempty" json:"hostedShellUrl"`
	// StartAtLogin registers the app to start when the user logs in (internal/autostart).
	StartAtLogin bool `yaml:"startAtLogin" json:"startAtLogin"`

	// SignIn configures the SAML sign-in flow (docs/sso.md).
	SignIn SignIn `yaml:"signIn" json:"signIn"`
	// Logs configures the local log capture (docs/logs.md).
	Logs Logs `yaml:"logs" json:"logs"`

	// Sandbox is true when the app runs against the in-process ccpsim. Never read from
	// the file: it comes from --sandbox or from the absence of any configuration.
	Sandbox bool `yaml:"-" json:"sandbox"`
	// Source is the file the configuration was read from ("" if none).
	Source string `yaml:"-" json:"source"`
	// Layers tells where each value came from (policy.go); nil for a Config not made by Load.
	Layers *Layers `yaml:"-" json:"-"`
}

// Softphone mirrors the subset of Streams' softphone/ringtone options ccpdesk exposes.
type Softphone struct {
	// Enabled turns on the embedded softphone (allowFramedSoftphone).
	Enabled bool `yaml:"enabled" json:"enabled"`
	// DisableRingtone silences the incoming-call ringtone.
	DisableRingtone bool `yaml:"disableRingtone" json:"disableRingtone"`
	// RingtoneURL replaces the default ringtone (HTTPS).
	RingtoneURL string `yaml:"ringtoneUrl,omitempty" json:"ringtoneUrl"`
	// DisableEchoCancellation is passed through to Streams.
	DisableEchoCancellation bool `yaml:"disableEchoCancellation" json:"disableEchoCancellation"`
	// Mode is the VDI media mode: standard, signalling or media (docs/vdi.md).
	Mode string `yaml:"mode,omitempty" json:"mode"`
	// VDIPlatform is Streams' VDIPlatform (CITRIX, CITRIX_413, AWS_WORKSPACE, OMNISSA, AZURE).
	VDIPlatform string `yaml:"vdiPlatform,omitempty" json:"vdiPlatform"`
}

// SignIn configures the sign-in flow: which hosts may load during it, whether it starts by
// itself, how long it may take, and Global Resiliency's global sign-in.
type SignIn struct {
	// IdentityProviderHosts may load during sign-in besides loginUrl's host, the AWS sign-in
	// hosts and the configured instances: "login.example.com", "host:port", "*.okta.com".
	IdentityProviderHosts []string `yaml:"identityProviderHosts,omitempty" json:"identityProviderHosts"`
	// AutoSignIn navigates to loginUrl as soon as the CCP reports it is signed out.
	AutoSignIn bool `yaml:"autoSignIn" json:"autoSignIn"`
	// TimeoutSeconds bounds one sign-in (30..1800).
	TimeoutSeconds int `yaml:"timeoutSeconds" json:"timeoutSeconds"`
	// SessionWarningMinutes: warn this long before Connect's 12-hour session limit (1..120).
	SessionWarningMinutes int `yaml:"sessionWarningMinutes" json:"sessionWarningMinutes"`
	// Global: one identity-provider flow signs in to both Global Resiliency instances
	// (Connect's global sign-in). Required (true) with secondaryCCPUrl.
	Global bool `yaml:"global" json:"global"`
}

// Logs configures the local log capture.
type Logs struct {
	// EncryptAtRest seals every stored record with AES-GCM under a key kept in the OS keyring.
	// Without a usable keyring the app then captures nothing (and says so) rather than write
	// plaintext or keep the key beside the logs.
	EncryptAtRest bool `yaml:"encryptAtRest" json:"encryptAtRest"`
}

// Attribute is one contact attribute shown in the panel.
type Attribute struct {
	Key   string `yaml:"key" json:"key"`
	Label string `yaml:"label" json:"label"`
}

// Default returns the defaults applied before the file.
func Default() Config {
	return Config{
		CCPVisibility:         VisibilitySideBySide,
		CCPLoadTimeoutSeconds: defaultLoadTimeoutSec,
		Softphone:             Softphone{Enabled: true},
		Shell:                 ShellBundled,
		SignIn:                SignIn{TimeoutSeconds: 300, SessionWarningMinutes: 15, Global: true},
	}
}

// SandboxDefaults are the regions the in-process ccpsim runs.
func SandboxDefaults() []string { return []string{defaultPrimaryRegion, defaultSecondRegion} }

// Dir returns the per-user configuration directory, e.g. ~/.config/ccpdesk.
func Dir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("locate user config dir: %w", err)
	}
	return filepath.Join(d, "ccpdesk"), nil
}

// DefaultPath returns Dir()/config.yaml.
func DefaultPath() (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, FileName), nil
}

// FieldError is one validation problem.
type FieldError struct {
	File   string // "" when the value came from a flag or the environment
	Line   int    // 0 when unknown
	Field  string // YAML name, e.g. "ccpUrl" or "contactAttributes[1].label"
	Reason string
	From   string // "file", "env CCPDESK_CCP_URL", "flag --ccp-url", "default"
}

func (e *FieldError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		fmt.Fprintf(&b, "%s: ", e.File)
	case e.From != "":
		fmt.Fprintf(&b, "%s: ", e.From)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "%s: ", e.Field)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// ValidationError collects every FieldError of one configuration.
type ValidationError struct {
	Problems []*FieldError
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "invalid configuration:\n  " + strings.Join(msgs, "\n  ")
}

// ErrInvalid is matched by errors.Is for every validation failure.
var ErrInvalid = errors.New("invalid configuration")

// Is reports ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

var ccpPath = regexp.MustCompile(`^(/connect)?/ccp-v2(/.*)?$`)

// origins is where each field came from; used to attach file/line or env/flag names.
type origins map[string]*FieldError

// at returns where field came from; for a field that is absent, where related (the
// setting that makes it required) came from, else the file itself.
func (o origins) at(field string, related ...string) *FieldError {
	for _, k := range append([]string{field}, related...) {
		if f, ok := o[k]; ok {
			c := *f
			c.Field = field
			return &c
		}
	}
	if f, ok := o[""]; ok {
		return &FieldError{File: f.File, Field: field}
	}
	return &FieldError{Field: field}
}

// Validate checks c. src tells where each field came from (may be nil).
func Validate(c *Config, src origins) error {
	var probs []*FieldError
	badAt := func(field, related, format string, args ...any) {
		fe := src.at(field, related)
		fe.Reason = fmt.Sprintf(format, args...)
		probs = append(probs, fe)
	}
	bad := func(field, format string, args ...any) { badAt(field, "", format, args...) }

	if c.CCPURL == "" && !c.Sandbox {
		bad("ccpUrl", "required (your instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/), or run with --sandbox")
	}
	checkCCP := func(field, v string) *url.URL {
		if v == "" {
			return nil
		}
		u, reason := checkURL(v, c.Sandbox)
		if reason != "" {
			bad(field, "%s", reason)
			return nil
		}
		if !ccpPath.MatchString(u.Path) {
			bad(field, "path %q is not a CCP path: it must be /ccp-v2/ (or /connect/ccp-v2/ for awsapps.com instances)", u.Path)
			return nil
		}
		return u
	}
	p := checkCCP("ccpUrl", c.CCPURL)
	s := checkCCP("secondaryCCPUrl", c.SecondaryCCPURL)
	if p != nil && s != nil && originOf(p) == originOf(s) {
		bad("secondaryCCPUrl", "must have a different origin from ccpUrl (%s): Streams keys the two CCPs by origin", originOf(p))
	}
	if c.LoginURL != "" {
		if _, reason := checkURL(c.LoginURL, c.Sandbox); reason != "" {
			bad("loginUrl", "%s", reason)
		}
	} else if c.SecondaryCCPURL != "" && !c.Sandbox {
		badAt("loginUrl", "secondaryCCPUrl", "required with secondaryCCPUrl: Streams enables Global Resiliency only with a loginUrl")
	}
	if c.SecondaryCCPURL != "" && len(c.Regions) != 2 {
		badAt("regions", "secondaryCCPUrl", "with secondaryCCPUrl, list exactly two regions (primary first), got %d", len(c.Regions))
	}
	if c.SecondaryCCPURL == "" && len(c.Regions) > 1 {
		bad("regions", "%d regions listed but no secondaryCCPUrl", len(c.Regions))
	}
	for i, r := range c.Regions {
		if !regionRE.MatchString(r) {
			bad(fmt.Sprintf("regions[%d]", i), "%q is not an AWS region name (e.g. us-east-1)", r)
		}
	}
	if len(c.Regions) == 2 && c.Regions[0] == c.Regions[1] {
		bad("regions", "the two regions must differ")
	}
	if !slices.Contains([]string{VisibilityVisible, VisibilityHidden, VisibilitySideBySide}, c.CCPVisibility) {
		bad("ccpVisibility", "%q is not one of visible, hidden, side-by-side", c.CCPVisibility)
	}
	if c.CCPLoadTimeoutSeconds < 1 || c.CCPLoadTimeoutSeconds > 120 {
		bad("ccpLoadTimeoutSeconds", "%d is outside 1..120", c.CCPLoadTimeoutSeconds)
	}
	if c.Softphone.RingtoneURL != "" {
		if _, reason := checkURL(c.Softphone.RingtoneURL, c.Sandbox); reason != "" {
			bad("softphone.ringtoneUrl", "%s", reason)
		}
	}
	seen := map[string]bool{}
	for i, a := range c.ContactAttributes {
		switch {
		case strings.TrimSpace(a.Key) == "":
			bad(fmt.Sprintf("contactAttributes[%d].key", i), "required (the contact attribute name)")
		case seen[a.Key]:
			bad(fmt.Sprintf("contactAttributes[%d].key", i), "%q is listed twice", a.Key)
		}
		seen[a.Key] = true
		if len(a.Label) > 64 {
			bad(fmt.Sprintf("contactAttributes[%d].label", i), "longer than 64 characters")
		}
	}
	switch c.Shell {
	case ShellBundled:
		if c.HostedShellURL != "" {
			bad("hostedShellUrl", "set, but shell is %q; set shell: hosted to use it", c.Shell)
		}
	case ShellHosted:
		if c.HostedShellURL == "" {
			badAt("hostedShellUrl", "shell", "required with shell: hosted (the HTTPS URL where your organisation serves the ccpdesk frontend)")
		} else if _, reason := checkURL(c.HostedShellURL, c.Sandbox); reason != "" {
			bad("hostedShellUrl", "%s", reason)
		}
	default:
		bad("shell", "%q is not one of bundled, hosted", c.Shell)
	}
	probs = append(probs, validateVDI(c, src)...)
	for i, h := range c.SignIn.IdentityProviderHosts {
		if reason := checkHostPattern(h); reason != "" {
			bad(fmt.Sprintf("signIn.identityProviderHosts[%d]", i), "%s", reason)
		}
	}
	if c.SignIn.TimeoutSeconds < 30 || c.SignIn.TimeoutSeconds > 1800 {
		bad("signIn.timeoutSeconds", "%d is outside 30..1800", c.SignIn.TimeoutSeconds)
	}
	if c.SignIn.SessionWarningMinutes < 1 || c.SignIn.SessionWarningMinutes > 120 {
		bad("signIn.sessionWarningMinutes", "%d is outside 1..120", c.SignIn.SessionWarningMinutes)
	}
	if !c.SignIn.Global && c.SecondaryCCPURL != "" {
		badAt("signIn.global", "secondaryCCPUrl", "must be true with secondaryCCPUrl: Global Resiliency needs global sign-in (one identity-provider flow for both instances)")
	}
	if c.SignIn.AutoSignIn && c.LoginURL == "" && !c.Sandbox {
		badAt("loginUrl", "signIn.autoSignIn", "required with signIn.autoSignIn: the app signs in by opening loginUrl")
	}
	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return nil
}

var regionRE = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`)

// checkURL returns the parsed URL, or a reason it is refused. Amazon Connect serves
// only HTTPS; plain HTTP is allowed for loopback hosts in sandbox mode.
func checkURL(v string, sandbox bool) (*url.URL, string) {
	u, err := url.Parse(v)
	if err != nil {
		return nil, fmt.Sprintf("not a URL: %v", errors.Unwrap(err))
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Sprintf("%q is not an absolute http(s) URL", v)
	}
	if u.User != nil {
		return nil, "must not contain credentials"
	}
	if u.Scheme == "http" {
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Sprintf("must use https (Amazon Connect serves only HTTPS), got %q", v)
		}
		if !sandbox {
			return nil, fmt.Sprintf("plain http to loopback (%s) is allowed only in sandbox mode (--sandbox)", u.Host)
		}
	}
	return u, ""
}

// IsLoopback reports whether host is localhost or a loopback IP.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }

// Origin returns scheme://host[:port] of a URL string ("" if it does not parse).
func Origin(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return ""
	}
	return originOf(u)
}

var hostRE = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?$`)

// checkHostPattern checks an identity-provider host entry: a host name, optionally with a
// port, or "*.suffix" (at least two labels after the wildcard). No scheme, path or IP
// wildcard.
func checkHostPattern(h string) string {
	if h != strings.ToLower(strings.TrimSpace(h)) {
		return fmt.Sprintf("%q: write host names in lower case, without spaces", h)
	}
	if strings.Contains(h, "/") {
		return fmt.Sprintf("%q is not a host name (no scheme or path: e.g. login.example.com)", h)
	}
	if !hostRE.MatchString(h) {
		return fmt.Sprintf("%q is not a host name, host:port or *.domain", h)
	}
	if strings.HasPrefix(h, "*.") && strings.Count(h, ".") < 2 {
		return fmt.Sprintf("%q is too broad: a wildcard needs at least two labels (e.g. *.okta.com)", h)
	}
	return ""
}
