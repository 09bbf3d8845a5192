package federation

import (
	"errors"
	"strings"
	"testing"
)

// TestVerifyDocuments runs crafted documents straight through verify (no HTTP).
func TestVerifyDocuments(t *testing.T) {
	fed, sp, _ := fuzzSP(t)
	spec := func(user string) responseSpec { return fed.spec(user, InstanceEntityID("us-east-1"), sp.acsURL, "") }
	build := func(s responseSpec) string {
		t.Helper()
		d, err := fed.buildResponse(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(d)
	}
	signedBoth := spec(DefaultUsername)
	signedBoth.SignResponse = true
	tests := []struct {
		name     string
		doc      string
		wantUser string
		want     error
	}{
		{name: "signed assertion", doc: build(spec(DefaultUsername)), wantUser: DefaultUsername},
		{name: "signed response and assertion", doc: build(signedBoth), wantUser: DefaultUsername},
		{name: "signed response, tampered destination", want: ErrBadSignature,
			doc: strings.Replace(build(signedBoth), `Destination="`, `Destination="http://evil.example`, 1)},
		{name: "signed response, tampered status", want: ErrBadSignature,
			doc: strings.Replace(build(signedBoth), "status:Success", "status:Requester", 1)},
		{name: "unsigned response with failure status", want: ErrStatus,
			doc: strings.Replace(build(spec(DefaultUsername)), "status:Success", "status:Requester", 1)},
		// The comment trick (CVE-2017-11427 class): signed for "agent1x", must never read as "agent1".
		{name: "comment inside the name", wantUser: "agent1x",
			doc: strings.ReplaceAll(build(spec("agent1x")), ">agent1x<", ">agent1<!---->x<")},
		{name: "doctype", want: ErrMalformed,
			doc: `<!DOCTYPE r [<!ENTITY e "agent1">]>` + build(spec(DefaultUsername))},
		{name: "assertion moved out of the response", want: ErrMalformed, doc: func() string {
			d := build(spec(DefaultUsername))
			i, j := strings.Index(d, "<saml:Assertion"), strings.Index(d, "</saml:Assertion>")+len("</saml:Assertion>")
			return d[:i] + "<samlp:Extensions>" + d[i:j] + "</samlp:Extensions>" + d[j:]
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := sp.verify([]byte(tt.doc), start)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want success", err)
			}
			if v.Username != tt.wantUser {
				t.Fatalf("username = %q, want %q", v.Username, tt.wantUser)
			}
		})
	}
}
