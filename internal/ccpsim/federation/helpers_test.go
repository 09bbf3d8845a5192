package federation

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/ccpsimtest"
)

// env is a running simulator with the federation extension and the identity provider on loopback.
type env struct {
	fed   *Federation
	srv   *ccpsim.Server
	clock *ccpsim.ManualClock
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

var (
	certOnce sync.Once
	cert     tls.Certificate
	certErr  error
)

// testCert is a fixed test-only signing key: RSA key generation is slow under -race and in fuzz workers.
func testCert(t testing.TB) *tls.Certificate {
	t.Helper()
	certOnce.Do(func() { cert, certErr = tls.LoadX509KeyPair("testdata/test-idp.pem", "testdata/test-idp.pem") })
	if certErr != nil {
		t.Fatal(certErr)
	}
	return &cert
}

func newEnv(t *testing.T, mod ...func(*Options)) *env {
	t.Helper()
	e := &env{clock: ccpsim.NewManualClock(start), logs: &syncBuffer{}}
	log := zerolog.New(zerolog.MultiLevelWriter(e.logs, zerolog.NewTestWriter(t)))
	o := Options{Clock: e.clock, Logger: log, Certificate: testCert(t)}
	for _, m := range mod {
		m(&o)
	}
	fed, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, err := fed.Listen("127.0.0.1"); err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { fed.Close() })
	e.fed = fed
	e.srv = ccpsimtest.NewServer(t, func(o *ccpsim.Options) {
		o.Extensions = []ccpsim.Extension{fed}
		o.Clock = e.clock
	})
	return e
}

func newClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// noRedirect returns a copy of c that stops at the first response.
func noRedirect(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

func read(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var inputRE = regexp.MustCompile(`name="([A-Za-z]+)" value="([^"]*)"`)
var actionRE = regexp.MustCompile(`<form method="post" action="([^"]*)"`)

// formFields reads the hidden inputs of a page.
func formFields(page string) url.Values {
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

func formAction(t *testing.T, page string) string {
	t.Helper()
	m := actionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in page:\n%s", page)
	}
	return html.UnescapeString(m[1])
}

func checkNoFrames(t *testing.T, resp *http.Response) {
	t.Helper()
	if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("%s: X-Frame-Options = %q, want DENY", resp.Request.URL.Path, got)
	}
	if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") {
		t.Errorf("%s: CSP = %q, want frame-ancestors 'none'", resp.Request.URL.Path, got)
	}
}

// login walks the identity provider's pages from startURL (password, then TOTP) and returns the
// auto-submitting page that carries the SAML Response.
func (e *env) login(t *testing.T, c *http.Client, startURL, user, password string) string {
	t.Helper()
	resp, err := c.Get(startURL)
	if err != nil {
		t.Fatal(err)
	}
	checkNoFrames(t, resp)
	page := read(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="password"`) {
		t.Fatalf("login page: status %d:\n%s", resp.StatusCode, page)
	}
	f := formFields(page)
	f.Set("username", user)
	f.Set("password", password)
	resp, err = c.PostForm(e.fed.BaseURL()+"/login", f)
	if err != nil {
		t.Fatal(err)
	}
	checkNoFrames(t, resp)
	page = read(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="code"`) {
		t.Fatalf("mfa page: status %d:\n%s", resp.StatusCode, page)
	}
	code, err := e.fed.TOTPCode(user)
	if err != nil {
		t.Fatal(err)
	}
	f = formFields(page)
	f.Set("code", code)
	resp, err = c.PostForm(e.fed.BaseURL()+"/mfa", f)
	if err != nil {
		t.Fatal(err)
	}
	checkNoFrames(t, resp)
	page = read(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `name="SAMLResponse"`) {
		t.Fatalf("post page: status %d:\n%s", resp.StatusCode, page)
	}
	return page
}

// submit does what the auto-submitting page's script does.
func submit(t *testing.T, c *http.Client, page string) *http.Response {
	t.Helper()
	resp, err := c.PostForm(formAction(t, page), formFields(page))
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// signedIn reports what an instance's CCP page says about the client's session.
func (e *env) signedIn(t *testing.T, c *http.Client, region string) bool {
	t.Helper()
	resp, err := c.Get(e.srv.Info().CCPURLs[region])
	if err != nil {
		t.Fatal(err)
	}
	body := read(t, resp)
	switch {
	case strings.Contains(body, `"signedIn":true`):
		return true
	case strings.Contains(body, `"signedIn":false`):
		return false
	}
	t.Fatalf("CCP page says neither:\n%s", body)
	return false
}

func (e *env) agentSignedIn(t *testing.T, user string) bool {
	t.Helper()
	for _, a := range e.srv.World().State().Agents {
		if a.Username == user {
			return a.SignedIn
		}
	}
	t.Fatalf("no agent %s", user)
	return false
}

// postResponse posts a SAML Response document to a region's federation endpoint.
func (e *env) postResponse(t *testing.T, c *http.Client, region string, doc []byte, relay string) *http.Response {
	t.Helper()
	form := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(doc)}}
	if relay != "" {
		form.Set("RelayState", relay)
	}
	resp, err := noRedirect(c).PostForm(e.srv.Origin(region)+ACSPath, form)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// mustDecode returns the XML inside an auto-submitting page.
func (f *Federation) mustDecode(t *testing.T, page string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(formFields(page).Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
