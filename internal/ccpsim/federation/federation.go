package federation

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

const (
	// DefaultUsername and DefaultPassword are the test identity provider's default account. ccpsim is a
	// local simulator: these are documented, not secret.
	DefaultUsername = "agent1"
	DefaultPassword = "sandbox-password"
	// DefaultTOTPSecret is the default account's TOTP secret (base32), documented so a sandbox user can add
	// it to an authenticator app.
	DefaultTOTPSecret = "KNAW2UDTJBKGCZLQMVXXIYLNMFXGKZDS"

	// DefaultEntityID is the identity provider's entity ID (the Issuer of its assertions).
	DefaultEntityID = "urn:ccpsim:idp"
	// GlobalAudience is accepted by every instance: Global Resiliency's global sign-in.
	GlobalAudience = "urn:ccpsim:global"
	// GlobalApp is the identity-provider app that signs in to every instance at once.
	GlobalApp = "global"

	// ACSPath is the federation endpoint (assertion consumer service) on every instance origin.
	ACSPath = "/auth/saml/acs"
	// SPLoginPath starts an SP-initiated sign-in (an AuthnRequest) on an instance origin.
	SPLoginPath = "/auth/saml/login"
)

// InstanceEntityID is the SAML entity ID (the Audience) of one regional instance.
func InstanceEntityID(region string) string { return "urn:ccpsim:instance:" + region }

// Clock is what the federation needs of time; ccpsim.Clock satisfies it.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// User is an account at the test identity provider. The password never leaves this struct: no log, no error.
type User struct {
	Username string
	Password string
	// TOTPSecret is base32 (RFC 4648, as authenticator apps take it); empty means a random one.
	TOTPSecret string
}

// Options configures New. The zero value works: the default account, real time, a fresh signing key.
type Options struct {
	Users  []User
	Clock  Clock
	Logger zerolog.Logger
	// EntityID of the identity provider; default DefaultEntityID.
	EntityID string
	// Certificate signs assertions; nil means a fresh self-signed RSA-2048 key pair.
	Certificate *tls.Certificate
	// AssertionLifetime is NotOnOrAfter − IssueInstant; default 5 minutes (the SAML bearer norm).
	AssertionLifetime time.Duration
	// ClockSkew tolerated around NotBefore/NotOnOrAfter; default 1 minute.
	ClockSkew time.Duration
	// IdPSessionLifetime is how long the provider remembers a completed login; default 8 hours.
	IdPSessionLifetime time.Duration
	// NoGlobalSignIn makes instances refuse GlobalAudience (instances outside a Global Resiliency group).
	NoGlobalSignIn bool
	// TestHooks serves GET /test/totp/{username} on the identity provider (the current code, for browser
	// automation). Loopback test use only.
	TestHooks bool
}

// Federation is both halves: the identity provider (Handler, Listen) and the federation endpoint on each
// instance (Register, a ccpsim.Extension).
type Federation struct {
	log       zerolog.Logger
	clock     Clock
	entityID  string
	cert      tls.Certificate
	lifetime  time.Duration
	skew      time.Duration
	idpLife   time.Duration
	global    bool
	testHooks bool
	users     map[string]User

	replay *replayCache

	mu       sync.Mutex
	sps      map[string]*instanceSP    // by region
	regions  []string                  // registration order; the first is the primary
	flows    map[string]*flow          // identity-provider logins in progress
	sessions map[string]idpSession     // identity-provider sessions (cookie value -> user)
	requests map[string]pendingRequest // SP-initiated AuthnRequest IDs
	idpURL   string
	server   *http.Server
}

// New makes a federation. Call Listen (or mount Handler) for the identity provider, and pass the
// Federation in ccpsim.Options.Extensions.
func New(opts Options) (*Federation, error) {
	f := &Federation{
		log: opts.Logger.With().Str("component", "federation").Logger(), clock: opts.Clock, entityID: opts.EntityID,
		lifetime: opts.AssertionLifetime, skew: opts.ClockSkew, idpLife: opts.IdPSessionLifetime,
		global: !opts.NoGlobalSignIn, testHooks: opts.TestHooks, users: map[string]User{},
		sps: map[string]*instanceSP{}, flows: map[string]*flow{}, sessions: map[string]idpSession{},
		requests: map[string]pendingRequest{},
	}
	if f.clock == nil {
		f.clock = realClock{}
	}
	if f.entityID == "" {
		f.entityID = DefaultEntityID
	}
	if f.lifetime <= 0 {
		f.lifetime = 5 * time.Minute
	}
	if f.skew <= 0 {
		f.skew = time.Minute
	}
	if f.idpLife <= 0 {
		f.idpLife = 8 * time.Hour
	}
	users := opts.Users
	if len(users) == 0 {
		users = []User{{Username: DefaultUsername, Password: DefaultPassword, TOTPSecret: DefaultTOTPSecret}}
	}
	for _, u := range users {
		if u.Username == "" || u.Password == "" {
			return nil, errors.New("federation user: username and password are required")
		}
		if u.TOTPSecret == "" {
			key, err := totp.Generate(totp.GenerateOpts{Issuer: "ccpsim", AccountName: u.Username})
			if err != nil {
				return nil, fmt.Errorf("totp secret for %s: %w", u.Username, err)
			}
			u.TOTPSecret = key.Secret()
		}
		f.users[u.Username] = u
	}
	if opts.Certificate != nil {
		f.cert = *opts.Certificate
		if f.cert.Leaf == nil && len(f.cert.Certificate) > 0 {
			leaf, err := x509.ParseCertificate(f.cert.Certificate[0])
			if err != nil {
				return nil, fmt.Errorf("idp certificate: %w", err)
			}
			f.cert.Leaf = leaf
		}
		if f.cert.Leaf == nil {
			return nil, errors.New("idp certificate: no certificate in the key pair")
		}
	} else {
		c, err := newSigningCert(f.clock.Now())
		if err != nil {
			return nil, err
		}
		f.cert = c
	}
	f.replay = newReplayCache(100_000)
	return f, nil
}

// Certificate is the identity provider's signing certificate, the one the federation endpoint trusts.
func (f *Federation) Certificate() *x509.Certificate { return f.cert.Leaf }

// TOTPSecret returns a user's TOTP secret (base32), for tests and sandbox set-up.
func (f *Federation) TOTPSecret(username string) (string, bool) {
	u, ok := f.users[username]
	return u.TOTPSecret, ok
}

// TOTPCode returns a user's current TOTP code at the federation's clock.
func (f *Federation) TOTPCode(username string) (string, error) {
	u, ok := f.users[username]
	if !ok {
		return "", fmt.Errorf("unknown user %q", username)
	}
	return totp.GenerateCode(u.TOTPSecret, f.clock.Now())
}

// Listen serves the identity provider on host (":0" port chosen freely) until Close, and returns its base URL.
func (f *Federation) Listen(addr string) (string, error) {
	if !strings.Contains(addr, ":") {
		addr = net.JoinHostPort(addr, "0")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen for identity provider: %w", err)
	}
	srv := &http.Server{Handler: f.Handler(), ReadHeaderTimeout: 10 * time.Second}
	f.mu.Lock()
	f.idpURL = "http://" + ln.Addr().String()
	f.server = srv
	f.mu.Unlock()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			f.log.Error().Err(err).Msg("identity provider serve")
		}
	}()
	f.log.Info().Str("idp", f.idpURL).Msg("test identity provider ready")
	return f.idpURL, nil
}

// SetBaseURL tells the identity provider its own URL when Handler is mounted elsewhere (httptest).
func (f *Federation) SetBaseURL(u string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.idpURL = strings.TrimRight(u, "/")
}

// BaseURL is the identity provider's URL ("" before Listen or SetBaseURL).
func (f *Federation) BaseURL() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.idpURL
}

// Close stops the identity provider started by Listen.
func (f *Federation) Close() error {
	f.mu.Lock()
	srv := f.server
	f.server = nil
	f.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}

// Apps lists the identity-provider apps: one per registered instance, then GlobalApp.
func (f *Federation) Apps() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]string(nil), f.regions...)
	if f.global && len(out) > 0 {
		out = append(out, GlobalApp)
	}
	return out
}

// LoginURL is an app's IdP-initiated sign-in URL — what Streams and ccpdesk call loginUrl. relayState is
// where the agent lands after the federation endpoint (default: the instance's CCP, /ccp-v2/).
func (f *Federation) LoginURL(app, relayState string) string {
	u := f.BaseURL() + "/app/" + app + "/sso/saml"
	if relayState != "" {
		u += "?RelayState=" + url.QueryEscape(relayState)
	}
	return u
}

// Register is the ccpsim.Extension hook: it mounts the federation endpoint on a region's origin.
func (f *Federation) Register(region string, mux *http.ServeMux, srv *ccpsim.Server) error {
	origin := srv.Origin(region)
	if origin == "" {
		return fmt.Errorf("no origin for region %s", region)
	}
	sp := &instanceSP{
		f: f, region: region, origin: origin, entityID: InstanceEntityID(region), acsURL: origin + ACSPath,
		startSession: srv.StartSession, redirectOK: redirectChecker(srv),
	}
	f.mu.Lock()
	if _, dup := f.sps[region]; dup {
		f.mu.Unlock()
		return fmt.Errorf("region %s registered twice", region)
	}
	f.sps[region] = sp
	f.regions = append(f.regions, region)
	f.mu.Unlock()
	mux.HandleFunc("POST "+ACSPath, sp.serveACS)
	mux.HandleFunc("GET "+SPLoginPath, sp.serveLogin)
	return nil
}

// sp returns the registered instance for region.
func (f *Federation) sp(region string) (*instanceSP, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	sp, ok := f.sps[region]
	return sp, ok
}

// spByACS finds the instance whose federation endpoint is acsURL.
func (f *Federation) spByACS(acsURL string) (*instanceSP, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, sp := range f.sps {
		if sp.acsURL == acsURL {
			return sp, true
		}
	}
	return nil, false
}

var _ ccpsim.Extension = (*Federation)(nil)

// Info is what tools need to drive the identity provider; cmd/ccpsim adds it to its ready line.
type Info struct {
	IdP string `json:"idp"`
	// LoginURLs are the IdP-initiated sign-in URLs (loginUrl) by app: each region, and "global".
	LoginURLs map[string]string `json:"loginUrls"`
	// TOTP is the test hook for the current code ("{username}" to fill in), when TestHooks is on.
	TOTP string `json:"totp,omitempty"`
}

// Info describes the running identity provider.
func (f *Federation) Info() Info {
	in := Info{IdP: f.BaseURL(), LoginURLs: map[string]string{}}
	for _, a := range f.Apps() {
		in.LoginURLs[a] = f.LoginURL(a, "")
	}
	if f.testHooks && in.IdP != "" {
		in.TOTP = in.IdP + "/test/totp/{username}"
	}
	return in
}
