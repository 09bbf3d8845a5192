package federation

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// fuzzSP is a federation endpoint without a simulator behind it: signing in only records the username.
func fuzzSP(t testing.TB) (*Federation, *instanceSP, *[]string) {
	fed, err := New(Options{Clock: fixedClock{start}, Logger: zerolog.Nop(), Certificate: testCert(t)})
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	mk := func(region, origin string) *instanceSP {
		sp := &instanceSP{f: fed, region: region, origin: origin, entityID: InstanceEntityID(region), acsURL: origin + ACSPath,
			startSession: func(w http.ResponseWriter, u string) error { users = append(users, u); return nil },
			redirectOK:   func(d string) bool { return strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//") }}
		fed.sps[region], fed.regions = sp, append(fed.regions, region)
		return sp
	}
	sp := mk("us-east-1", "http://127.0.0.1:1")
	mk("us-west-2", "http://127.0.0.1:2")
	return fed, sp, &users
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// FuzzACS feeds arbitrary form bodies to the federation endpoint. It must never panic, never answer other
// than 303 or 403, never sign in anyone but the agent a seed assertion names, and never echo the input.
func FuzzACS(f *testing.F) {
	fed, sp, _ := fuzzSP(f)
	good, err := fed.buildResponse(fed.spec(DefaultUsername, InstanceEntityID("us-east-1"), sp.acsURL, ""))
	if err != nil {
		f.Fatal(err)
	}
	s := fed.spec(DefaultUsername, GlobalAudience, sp.acsURL, "")
	s.SignResponse = true
	signedBoth, err := fed.buildResponse(s)
	if err != nil {
		f.Fatal(err)
	}
	for _, doc := range [][]byte{good, signedBoth, []byte(strings.Replace(string(good), ">agent1<", ">agent2<", 1)), []byte("<x/>")} {
		f.Add("SAMLResponse=" + url.QueryEscape(base64.StdEncoding.EncodeToString(doc)) + "&RelayState=%2Fccp-v2%2F")
	}
	f.Add("")
	f.Add("SAMLResponse=%%%")
	f.Fuzz(func(t *testing.T, body string) {
		fed, sp, users := fuzzSP(t)
		_ = fed
		req := httptest.NewRequest(http.MethodPost, sp.acsURL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		sp.serveACS(rec, req)
		switch rec.Code {
		case http.StatusSeeOther:
			if len(*users) != 1 || (*users)[0] != DefaultUsername {
				t.Fatalf("signed in %q", *users)
			}
			if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Fatalf("redirect to %q", loc)
			}
		case http.StatusForbidden:
			if len(*users) != 0 {
				t.Fatalf("rejected but signed in %q", *users)
			}
		default:
			t.Fatalf("status %d", rec.Code)
		}
		if len(body) > 64 && strings.Contains(rec.Body.String(), body[:64]) {
			t.Fatal("input echoed in the page")
		}
	})
}

// FuzzVerify feeds arbitrary documents to the XML validation itself.
func FuzzVerify(f *testing.F) {
	fed, sp, _ := fuzzSP(f)
	good, err := fed.buildResponse(fed.spec(DefaultUsername, InstanceEntityID("us-east-1"), sp.acsURL, ""))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		v, err := sp.verify(doc, start)
		if err == nil && v.Username != DefaultUsername {
			t.Fatalf("verified a document naming %q", v.Username)
		}
	})
}
