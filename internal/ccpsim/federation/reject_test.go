package federation

import (
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func TestACSRejects(t *testing.T) {
	e := newEnv(t)
	acs := e.srv.Origin("us-east-1") + ACSPath
	good := func() responseSpec { return e.fed.spec(DefaultUsername, InstanceEntityID("us-east-1"), acs, "") }
	build := func(s responseSpec) []byte {
		t.Helper()
		doc, err := e.fed.buildResponse(s)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	other, err := New(Options{Clock: e.clock, Logger: zerolog.Nop()}) // a different signing key
	if err != nil {
		t.Fatal(err)
	}
	replayed := build(good())
	if resp := e.postResponse(t, newClient(t), "us-east-1", replayed, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: status %d; logs:\n%s", resp.StatusCode, e.logs)
	}
	e.srv.World().ExpireSession(DefaultUsername)
	expiring := build(good())

	tests := []struct {
		name    string
		doc     func() []byte
		relay   string
		advance time.Duration
		want    error
	}{
		{name: "tampered username", want: ErrBadSignature, doc: func() []byte {
			return []byte(strings.Replace(string(build(good())), ">agent1<", ">agent2<", 1))
		}},
		{name: "tampered signature value", want: ErrBadSignature, doc: func() []byte {
			d := string(build(good()))
			i := strings.Index(d, "SignatureValue>") + len("SignatureValue>")
			c := "A"
			if d[i] == 'A' {
				c = "B"
			}
			return []byte(d[:i] + c + d[i+1:])
		}},
		{name: "signed by another key", want: ErrBadSignature, doc: func() []byte {
			d, err := other.buildResponse(good())
			if err != nil {
				t.Fatal(err)
			}
			return d
		}},
		{name: "unsigned", want: ErrUnsigned, doc: func() []byte { s := good(); s.Unsigned = true; return build(s) }},
		{name: "unsigned assertion in a signed response", want: ErrUnsigned, doc: func() []byte {
			s := good()
			s.Unsigned, s.SignResponse = true, true
			return build(s)
		}},
		{name: "wrong audience", want: ErrAudience, doc: func() []byte { s := good(); s.Audience = "urn:amazon:webservices"; return build(s) }},
		{name: "assertion for another instance", want: ErrOtherInstance, doc: func() []byte {
			return build(e.fed.spec(DefaultUsername, InstanceEntityID("us-west-2"), e.srv.Origin("us-west-2")+ACSPath, ""))
		}},
		{name: "global assertion for the other endpoint", want: ErrRecipient, doc: func() []byte {
			s := e.fed.spec(DefaultUsername, GlobalAudience, e.srv.Origin("us-west-2")+ACSPath, "")
			s.Destination = ""
			return build(s)
		}},
		{name: "wrong destination", want: ErrDestination, doc: func() []byte { s := good(); s.Destination = "http://evil.example/acs"; return build(s) }},
		{name: "wrong recipient", want: ErrRecipient, doc: func() []byte { s := good(); s.Recipient = "http://evil.example/acs"; return build(s) }},
		{name: "wrong issuer", want: ErrIssuer, doc: func() []byte { s := good(); s.Issuer = "urn:evil"; return build(s) }},
		{name: "expired", want: ErrExpired, doc: func() []byte { s := good(); s.IssueInstant = start.Add(-10 * time.Minute); return build(s) }},
		{name: "not yet valid", want: ErrNotYetValid, doc: func() []byte { s := good(); s.IssueInstant = start.Add(10 * time.Minute); return build(s) }},
		{name: "replayed", want: ErrReplay, doc: func() []byte { return replayed }},
		{name: "unknown InResponseTo", want: ErrInResponseTo, doc: func() []byte { s := good(); s.InResponseTo = "id-never-sent"; return build(s) }},
		{name: "unknown agent", want: ErrUnknownAgent, doc: func() []byte { s := good(); s.Username = "nobody"; return build(s) }},
		{name: "unapproved relay state", want: ErrRelayState, relay: "https://evil.example/", doc: func() []byte { return build(good()) }},
		{name: "protocol-relative relay state", want: ErrRelayState, relay: "//evil.example/", doc: func() []byte { return build(good()) }},
		{name: "two assertions", want: ErrMalformed, doc: func() []byte {
			d := string(build(good()))
			a := d[strings.Index(d, "<saml:Assertion") : strings.Index(d, "</saml:Assertion>")+len("</saml:Assertion>")]
			return []byte(strings.Replace(d, a, a+a, 1))
		}},
		{name: "not xml", want: ErrMalformed, doc: func() []byte { return []byte("not xml <") }},
		{name: "not a response", want: ErrMalformed, doc: func() []byte { return []byte(`<a xmlns="urn:x"/>`) }},
		// Last: it moves the clock.
		{name: "expired while in flight", want: ErrExpired, advance: 7 * time.Minute, doc: func() []byte { return expiring }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc()
			e.clock.Advance(tt.advance)
			before := len(e.logs.String())
			c := newClient(t)
			resp := e.postResponse(t, c, "us-east-1", doc, tt.relay)
			body := read(t, resp)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status = %d, want 403", resp.StatusCode)
			}
			if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
				t.Errorf("Set-Cookie on a rejection: %q", sc)
			}
			if e.signedIn(t, c, "us-east-1") || e.agentSignedIn(t, DefaultUsername) {
				t.Error("a session was created")
			}
			if !strings.Contains(body, html.EscapeString(tt.want.Error())) {
				t.Errorf("error page does not say %q:\n%s", tt.want, body)
			}
			logged := e.logs.String()[before:]
			if !strings.Contains(logged, "saml response rejected") || !strings.Contains(logged, tt.want.Error()) {
				t.Errorf("no log line with the reason %q:\n%s", tt.want, logged)
			}
			enc := base64.StdEncoding.EncodeToString(doc)
			enc = enc[:min(40, len(enc))]
			if strings.Contains(logged, enc) || strings.Contains(logged, "SignatureValue") || strings.Contains(body, enc) {
				t.Error("the assertion reached the log or the page")
			}
		})
	}
}

func TestACSRejectsBadForms(t *testing.T) {
	e := newEnv(t)
	acs := e.srv.Origin("us-east-1") + ACSPath
	tests := []struct {
		name, body string
		want       int
	}{
		{"empty", "", http.StatusForbidden},
		{"not base64", "SAMLResponse=%%%", http.StatusForbidden},
		{"bad base64", "SAMLResponse=" + url.QueryEscape("!!!!"), http.StatusForbidden},
		{"too large", "SAMLResponse=" + strings.Repeat("A", maxACSBody+1), http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(acs, "application/x-www-form-urlencoded", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			read(t, resp)
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	resp, err := http.Get(acs)
	if err != nil {
		t.Fatal(err)
	}
	if read(t, resp); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status = %d, want 405", resp.StatusCode)
	}
}

func TestNoGlobalSignIn(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.NoGlobalSignIn = true })
	acs := e.srv.Origin("us-east-1") + ACSPath
	doc, err := e.fed.buildResponse(e.fed.spec(DefaultUsername, GlobalAudience, acs, ""))
	if err != nil {
		t.Fatal(err)
	}
	resp := e.postResponse(t, newClient(t), "us-east-1", doc, "")
	if read(t, resp); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", resp.StatusCode)
	}
	for _, a := range e.fed.Apps() {
		if a == GlobalApp {
			t.Error("global app offered without global sign-in")
		}
	}
}

func TestVerifyReasonsAreSentinels(t *testing.T) {
	e := newEnv(t)
	sp, _ := e.fed.sp("us-east-1")
	s := e.fed.spec(DefaultUsername, InstanceEntityID("us-west-2"), sp.acsURL, "")
	doc, err := e.fed.buildResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sp.verify(doc, e.clock.Now()); !errors.Is(err, ErrOtherInstance) {
		t.Errorf("got %v, want %v", err, ErrOtherInstance)
	}
}
