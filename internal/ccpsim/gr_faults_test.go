package ccpsim_test

import (
	"net/http"
	"testing"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/ccpsimtest"
)

// unapproved_origin: one instance of the pair stops approving the app's origin (a secondary
// whose approved origins were not updated). Its CCP page refuses framing (CSP) and its socket
// refuses the page; the other instance is unaffected, and clearing the fault restores both.
func TestUnapprovedOriginFault(t *testing.T) {
	const other = "http://127.0.0.1:2"
	srv := ccpsimtest.NewServer(t, func(o *ccpsim.Options) { o.ApprovedOrigins = []string{testParent, other} })
	info := srv.Info()
	csp := func(region string) string {
		t.Helper()
		resp, err := http.Get(info.CCPURLs[region])
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Content-Security-Policy")
	}
	const both = "frame-ancestors " + testParent + " " + other
	if got := csp("us-west-2"); got != both {
		t.Fatalf("before the fault: CSP %q, want %q", got, both)
	}

	status, body := call(t, "POST", info.Control+"/v1/faults", `{"kind":"unapproved_origin","region":"us-west-2","origin":"`+testParent+`"}`)
	if status != 201 {
		t.Fatalf("add fault: %d %v", status, body)
	}
	if got := csp("us-west-2"); got != "frame-ancestors "+other {
		t.Fatalf("us-west-2 with the fault: CSP %q, want only %s", got, other)
	}
	if got := csp("us-east-1"); got != both {
		t.Fatalf("us-east-1 is not affected: CSP %q", got)
	}
	sock := signIn(t, srv, "us-west-2")
	if code := openPage(t, srv, "us-west-2", sock, testParent).closeCode(); code != 4403 {
		t.Fatalf("socket of a page framed by the refused origin: close %v, want 4403", code)
	}
	openPage(t, srv, "us-east-1", signIn(t, srv, "us-east-1"), testParent).next("acknowledge")

	// Without an origin, the instance approves nobody.
	if _, err := srv.World().AddFault(ccpsim.Fault{Kind: ccpsim.FaultUnapprovedOrigin, Region: "us-west-2"}); err != nil {
		t.Fatal(err)
	}
	if got := csp("us-west-2"); got != "frame-ancestors 'none'" {
		t.Fatalf("every origin refused: CSP %q", got)
	}

	if status, body := call(t, "POST", info.Control+"/v1/faults", `{"kind":"unapproved_origin","origin":"http://x/app"}`); status != 400 || body["error"].(map[string]any)["field"] != "origin" {
		t.Fatalf("an origin with a path: %d %v, want 400 on field origin", status, body)
	}
	srv.World().ClearFaults()
	if got := csp("us-west-2"); got != both {
		t.Fatalf("after clearing: CSP %q", got)
	}
	openPage(t, srv, "us-west-2", sock, testParent).next("acknowledge")
}
