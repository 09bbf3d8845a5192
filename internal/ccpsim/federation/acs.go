package federation

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

// maxACSBody bounds the federation endpoint's form: real responses are a few KiB, 256 KiB is generous.
const maxACSBody = 256 << 10

// ErrRelayState is returned when RelayState names a destination that is neither this instance nor approved.
var ErrRelayState = errors.New("RelayState is not an approved destination")

// instanceSP is one instance's federation endpoint.
type instanceSP struct {
	f            *Federation
	region       string
	origin       string
	entityID     string
	acsURL       string
	startSession func(http.ResponseWriter, string) error
	redirectOK   func(string) bool
}

type pendingRequest struct {
	region  string
	expires time.Time
}

// serveACS consumes a SAML Response posted by the identity provider (HTTP-POST binding).
func (sp *instanceSP) serveACS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxACSBody)
	if err := r.ParseForm(); err != nil {
		sp.reject(w, fmt.Errorf("%w: unreadable form", ErrMalformed))
		return
	}
	encoded := r.PostForm.Get("SAMLResponse")
	if encoded == "" {
		sp.reject(w, fmt.Errorf("%w: no SAMLResponse", ErrMalformed))
		return
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(encoded), ""))
	if err != nil {
		sp.reject(w, fmt.Errorf("%w: SAMLResponse is not base64", ErrMalformed))
		return
	}
	now := sp.f.clock.Now()
	v, err := sp.verify(raw, now)
	if err != nil {
		sp.reject(w, err)
		return
	}
	if v.InResponseTo != "" && !sp.f.consumeRequest(v.InResponseTo, sp.region, now) {
		sp.reject(w, ErrInResponseTo)
		return
	}
	dest, ok := sp.destination(r.PostForm.Get("RelayState"))
	if !ok {
		sp.reject(w, ErrRelayState)
		return
	}
	if !sp.f.replay.use(sp.f.entityID+" "+v.AssertionID, v.NotOnOrAfter.Add(sp.f.skew), now) {
		sp.reject(w, ErrReplay)
		return
	}
	if err := sp.startSession(w, v.Username); err != nil {
		sp.reject(w, ErrUnknownAgent)
		return
	}
	sp.f.log.Info().Str("region", sp.region).Str("agent", v.Username).Bool("global", v.Global).
		Bool("sp_initiated", v.InResponseTo != "").Msg("agent signed in with SAML")
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

var rejectPage = template.Must(template.New("reject").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#16191f}</style></head>
<body><h1>Sign-in refused</h1><p role="alert">The federation endpoint of instance <b>{{.Region}}</b> refused the
identity provider's response: {{.Reason}}.</p>{{if .Retry}}<p><a href="{{.Retry}}">Sign in again</a></p>{{end}}</body></html>`))

// reject answers 403 without a session. The reason is logged; the assertion never is.
func (sp *instanceSP) reject(w http.ResponseWriter, reason error) {
	sp.f.log.Warn().Str("region", sp.region).Str("reason", reason.Error()).Msg("saml response rejected")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
	w.WriteHeader(http.StatusForbidden)
	retry := ""
	if sp.f.BaseURL() != "" {
		retry = sp.f.LoginURL(sp.region, "")
	}
	_ = rejectPage.Execute(w, map[string]string{"Region": sp.region, "Reason": reason.Error(), "Retry": retry})
}

// destination maps RelayState to where the agent lands. Connect's own relay state is
// https://<region>.console.aws.amazon.com/connect/federate/<instanceId>?destination=%2Fconnect%2Fccp-v2;
// ccpsim takes the same shape on the instance (/connect/federate/…?destination=…), a path on the instance,
// or a URL at an approved origin. Anything else is refused: no open redirects.
func (sp *instanceSP) destination(relay string) (string, bool) {
	if relay == "" {
		return "/ccp-v2/", true
	}
	if len(relay) > 4096 || strings.ContainsAny(relay, "\r\n\x00") {
		return "", false
	}
	if u, err := url.Parse(relay); err == nil && strings.HasPrefix(u.Path, "/connect/federate") &&
		(u.Host == "" || u.Scheme+"://"+u.Host == sp.origin) {
		switch d := u.Query().Get("destination"); d {
		case "", "/connect/ccp-v2", "/connect/ccp-v2/", "/ccp-v2", "/ccp-v2/":
			return "/ccp-v2/", true
		default:
			relay = d
		}
	}
	if sp.redirectOK(relay) {
		return relay, true
	}
	return "", false
}

// redirectChecker uses ccpsim's approved-origin rule when the server exposes it (AllowedRedirect), and
// otherwise allows paths on the instance and the simulator's own instance origins.
func redirectChecker(srv *ccpsim.Server) func(string) bool {
	if c, ok := any(srv).(interface{ AllowedRedirect(string) bool }); ok {
		return c.AllowedRedirect
	}
	return func(dest string) bool {
		if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.HasPrefix(dest, "/\\") {
			return true
		}
		u, err := url.Parse(dest)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return false
		}
		for _, r := range srv.Info().Regions {
			if srv.Origin(r) == u.Scheme+"://"+u.Host {
				return true
			}
		}
		return false
	}
}

// serveLogin starts an SP-initiated sign-in: an AuthnRequest to the identity provider (HTTP-Redirect
// binding) whose ID the response must quote in InResponseTo. Connect itself only does IdP-initiated
// sign-in; this path exists so the InResponseTo check is exercised.
func (sp *instanceSP) serveLogin(w http.ResponseWriter, r *http.Request) {
	relay := r.URL.Query().Get("RelayState")
	if _, ok := sp.destination(relay); !ok {
		sp.reject(w, ErrRelayState)
		return
	}
	idp := sp.f.BaseURL()
	if idp == "" {
		http.Error(w, "identity provider is not running", http.StatusServiceUnavailable)
		return
	}
	now := sp.f.clock.Now()
	id := newID()
	sp.f.addRequest(id, sp.region, now.Add(10*time.Minute), now)
	req := saml.AuthnRequest{
		ID: id, Version: "2.0", IssueInstant: now.UTC(), Destination: idp + ssoPath,
		Issuer:                      &saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: sp.entityID},
		AssertionConsumerServiceURL: sp.acsURL, ProtocolBinding: saml.HTTPPostBinding,
	}
	doc := etree.NewDocument()
	doc.SetRoot(req.Element())
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	if _, err := doc.WriteTo(fw); err != nil {
		http.Error(w, "encode request", http.StatusInternalServerError)
		return
	}
	fw.Close()
	q := url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(buf.Bytes())}}
	if relay != "" {
		q.Set("RelayState", relay)
	}
	http.Redirect(w, r, idp+ssoPath+"?"+q.Encode(), http.StatusSeeOther)
}

func (f *Federation) addRequest(id, region string, expires, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, p := range f.requests {
		if !now.Before(p.expires) {
			delete(f.requests, k)
		}
	}
	if len(f.requests) < 10_000 {
		f.requests[id] = pendingRequest{region: region, expires: expires}
	}
}

// consumeRequest reports whether id is a pending request of region, and forgets it (one use).
func (f *Federation) consumeRequest(id, region string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.requests[id]
	if !ok || p.region != region {
		return false
	}
	delete(f.requests, id)
	return now.Before(p.expires)
}
