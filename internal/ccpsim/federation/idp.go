package federation

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/crewjam/saml"
	xrv "github.com/mattermost/xml-roundtrip-validator"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

const (
	ssoPath        = "/sso"
	idpCookie      = "ccpsim_idp"
	flowLifetime   = 10 * time.Minute
	maxFlowTries   = 5
	maxSAMLRequest = 64 << 10
)

// target is where an assertion goes: one instance's federation endpoint, with its audience.
type target struct {
	region   string
	audience string
	acsURL   string
}

// flow is one login in progress at the identity provider, named by an unguessable ID in the forms.
type flow struct {
	target       target
	relayState   string
	inResponseTo string
	username     string // set once the password step passed
	tries        int
	expires      time.Time
}

type idpSession struct {
	username string
	expires  time.Time
}

// Handler serves the test identity provider. Every page refuses to be framed, as real providers do.
func (f *Federation) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", f.serveIndex)
	mux.HandleFunc("GET /app/{app}/sso/saml", f.serveApp)
	mux.HandleFunc("GET "+ssoPath, f.serveSSO)
	mux.HandleFunc("POST /login", f.servePassword)
	mux.HandleFunc("POST /mfa", f.serveMFA)
	mux.HandleFunc("GET /logout", f.serveLogout)
	mux.HandleFunc("GET /cert.pem", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		_ = pem.Encode(w, &pem.Block{Type: "CERTIFICATE", Bytes: f.cert.Leaf.Raw})
	})
	if f.testHooks {
		mux.HandleFunc("GET /test/totp/{username}", f.serveTestTOTP)
	}
	return noFrames(mux)
}

func noFrames(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

func (f *Federation) serveIndex(w http.ResponseWriter, r *http.Request) {
	type app struct{ Name, URL string }
	var apps []app
	for _, a := range f.Apps() {
		apps = append(apps, app{a, f.LoginURL(a, "")})
	}
	f.render(w, http.StatusOK, "index", map[string]any{"Apps": apps})
}

// serveApp is IdP-initiated sign-in, what Connect uses: the app names the instance (or GlobalApp).
func (f *Federation) serveApp(w http.ResponseWriter, r *http.Request) {
	t, ok := f.appTarget(r.PathValue("app"))
	if !ok {
		f.render(w, http.StatusNotFound, "error", map[string]any{"Error": "No such application."})
		return
	}
	f.begin(w, r, t, r.URL.Query().Get("RelayState"), "")
}

// serveSSO is SP-initiated sign-in: an AuthnRequest in the HTTP-Redirect binding.
func (f *Federation) serveSSO(w http.ResponseWriter, r *http.Request) {
	req, err := decodeAuthnRequest(r.URL.Query().Get("SAMLRequest"))
	if err != nil {
		f.log.Warn().Err(err).Msg("bad authn request")
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "The sign-in request is not valid."})
		return
	}
	sp, ok := f.spByACS(req.AssertionConsumerServiceURL)
	if !ok || req.Issuer == nil || req.Issuer.Value != sp.entityID {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "The sign-in request comes from an unknown application."})
		return
	}
	f.begin(w, r, target{region: sp.region, audience: sp.entityID, acsURL: sp.acsURL}, r.URL.Query().Get("RelayState"), req.ID)
}

func decodeAuthnRequest(encoded string) (saml.AuthnRequest, error) {
	var req saml.AuthnRequest
	compressed, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return req, fmt.Errorf("SAMLRequest is not base64: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(compressed)), maxSAMLRequest+1))
	if err != nil || len(raw) > maxSAMLRequest {
		return req, errors.New("SAMLRequest does not inflate")
	}
	if err := xrv.Validate(bytes.NewReader(raw)); err != nil {
		return req, errors.New("SAMLRequest xml does not round-trip")
	}
	if err := xml.Unmarshal(raw, &req); err != nil {
		return req, fmt.Errorf("SAMLRequest: %w", err)
	}
	if req.ID == "" {
		return req, errors.New("SAMLRequest has no ID")
	}
	return req, nil
}

func (f *Federation) appTarget(app string) (target, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if app == GlobalApp && f.global && len(f.regions) > 0 {
		// Global sign-in posts to the primary instance's endpoint with the audience every instance accepts.
		sp := f.sps[f.regions[0]]
		return target{region: sp.region, audience: GlobalAudience, acsURL: sp.acsURL}, true
	}
	sp, ok := f.sps[app]
	if !ok {
		return target{}, false
	}
	return target{region: sp.region, audience: sp.entityID, acsURL: sp.acsURL}, true
}

// begin answers at once for an agent already signed in at the provider, otherwise shows the login page.
func (f *Federation) begin(w http.ResponseWriter, r *http.Request, t target, relay, inResponseTo string) {
	if len(relay) > 4096 {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "RelayState is too long."})
		return
	}
	now := f.clock.Now()
	if c, err := r.Cookie(idpCookie); err == nil {
		f.mu.Lock()
		s, ok := f.sessions[c.Value]
		f.mu.Unlock()
		if ok && now.Before(s.expires) {
			f.post(w, t, relay, inResponseTo, s.username)
			return
		}
	}
	id := randomToken()
	f.mu.Lock()
	for k, fl := range f.flows {
		if !now.Before(fl.expires) {
			delete(f.flows, k)
		}
	}
	f.flows[id] = &flow{target: t, relayState: relay, inResponseTo: inResponseTo, expires: now.Add(flowLifetime)}
	f.mu.Unlock()
	f.render(w, http.StatusOK, "login", map[string]any{"Flow": id, "Region": t.region})
}

// flowFor returns the live flow named in the form; a flow that failed too often is dropped.
func (f *Federation) flowFor(r *http.Request) (string, *flow, bool) {
	id := r.PostForm.Get("flow")
	f.mu.Lock()
	defer f.mu.Unlock()
	fl, ok := f.flows[id]
	if !ok || !f.clock.Now().Before(fl.expires) || fl.tries >= maxFlowTries {
		delete(f.flows, id)
		return "", nil, false
	}
	return id, fl, true
}

func (f *Federation) servePassword(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "Bad form."})
		return
	}
	id, fl, ok := f.flowFor(r)
	if !ok {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "This sign-in has expired. Start again from your application."})
		return
	}
	name := r.PostForm.Get("username")
	u, known := f.users[name]
	// Compare even for unknown users so timing does not tell which usernames exist.
	want := u.Password
	if !known {
		want = "\x00unknown"
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("password")), []byte(want)) != 1 || !known {
		f.fail(fl)
		f.log.Info().Str("region", fl.target.region).Msg("idp: wrong username or password")
		f.render(w, http.StatusUnauthorized, "login", map[string]any{"Flow": id, "Region": fl.target.region, "Error": "Wrong username or password."})
		return
	}
	f.mu.Lock()
	fl.username, fl.tries = name, 0
	f.mu.Unlock()
	f.render(w, http.StatusOK, "mfa", map[string]any{"Flow": id, "Username": name})
}

func (f *Federation) serveMFA(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "Bad form."})
		return
	}
	id, fl, ok := f.flowFor(r)
	if !ok || fl.username == "" {
		f.render(w, http.StatusBadRequest, "error", map[string]any{"Error": "This sign-in has expired. Start again from your application."})
		return
	}
	now := f.clock.Now()
	valid, _ := totp.ValidateCustom(r.PostForm.Get("code"), f.users[fl.username].TOTPSecret, now,
		totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if !valid {
		f.fail(fl)
		f.log.Info().Str("agent", fl.username).Msg("idp: wrong verification code")
		f.render(w, http.StatusUnauthorized, "mfa", map[string]any{"Flow": id, "Username": fl.username, "Error": "Wrong verification code."})
		return
	}
	token := randomToken()
	f.mu.Lock()
	delete(f.flows, id)
	for k, s := range f.sessions {
		if !now.Before(s.expires) {
			delete(f.sessions, k)
		}
	}
	f.sessions[token] = idpSession{username: fl.username, expires: now.Add(f.idpLife)}
	f.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: idpCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	f.log.Info().Str("agent", fl.username).Str("region", fl.target.region).Msg("idp: agent authenticated")
	f.post(w, fl.target, fl.relayState, fl.inResponseTo, fl.username)
}

func (f *Federation) fail(fl *flow) {
	f.mu.Lock()
	fl.tries++
	f.mu.Unlock()
}

// post sends the signed Response to the federation endpoint: an auto-submitting form (HTTP-POST binding).
func (f *Federation) post(w http.ResponseWriter, t target, relay, inResponseTo, username string) {
	doc, err := f.buildResponse(f.spec(username, t.audience, t.acsURL, inResponseTo))
	if err != nil {
		f.log.Error().Err(err).Msg("idp: build response")
		f.render(w, http.StatusInternalServerError, "error", map[string]any{"Error": "Could not build the SAML response."})
		return
	}
	f.render(w, http.StatusOK, "post", map[string]any{
		"ACS": t.acsURL, "SAMLResponse": base64.StdEncoding.EncodeToString(doc), "RelayState": relay})
}

func (f *Federation) serveLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(idpCookie); err == nil {
		f.mu.Lock()
		delete(f.sessions, c.Value)
		f.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: idpCookie, Value: "", Path: "/", MaxAge: -1})
	f.render(w, http.StatusOK, "error", map[string]any{"Error": "You are signed out of the identity provider."})
}

// serveTestTOTP gives browser automation the current code (TestHooks only).
func (f *Federation) serveTestTOTP(w http.ResponseWriter, r *http.Request) {
	code, err := f.TOTPCode(r.PathValue("username"))
	if err != nil {
		http.Error(w, "unknown user", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code})
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
