package federation

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFullFlowIdPInitiated(t *testing.T) {
	e := newEnv(t)
	c := newClient(t)
	if e.signedIn(t, c, "us-east-1") {
		t.Fatal("signed in before the flow")
	}
	page := e.login(t, c, e.fed.LoginURL("us-east-1", "/connect/federate/inst?destination=%2Fconnect%2Fccp-v2"), DefaultUsername, DefaultPassword)
	if got, want := formAction(t, page), e.srv.Origin("us-east-1")+ACSPath; got != want {
		t.Fatalf("post action = %q, want %q", got, want)
	}
	resp := submit(t, noRedirect(c), page)
	read(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ACS status = %d, want 303; logs:\n%s", resp.StatusCode, e.logs)
	}
	if got := resp.Header.Get("Location"); got != "/ccp-v2/" {
		t.Errorf("Location = %q, want /ccp-v2/", got)
	}
	if !e.signedIn(t, c, "us-east-1") {
		t.Fatal("CCP page does not say signedIn:true after the flow")
	}
	if !e.agentSignedIn(t, DefaultUsername) {
		t.Error("agent1 not signed in in the world")
	}
	// A second app visit reuses the provider's session: no password, no code.
	resp, err := c.Get(e.fed.LoginURL("us-east-1", ""))
	if err != nil {
		t.Fatal(err)
	}
	if page := read(t, resp); !strings.Contains(page, `name="SAMLResponse"`) {
		t.Errorf("second visit did not answer at once:\n%s", page)
	}
}

func TestGlobalSignInCoversBothInstances(t *testing.T) {
	e := newEnv(t)
	c := newClient(t)
	page := e.login(t, c, e.fed.LoginURL(GlobalApp, ""), DefaultUsername, DefaultPassword)
	resp := submit(t, c, page) // follows the 303 to the CCP
	body := read(t, resp)
	if !strings.Contains(body, `"signedIn":true`) {
		t.Fatalf("landing page is not a signed-in CCP (status %d); logs:\n%s", resp.StatusCode, e.logs)
	}
	for _, r := range e.srv.Info().Regions {
		if !e.signedIn(t, c, r) {
			t.Errorf("%s: not signed in after global sign-in", r)
		}
	}
	if !strings.Contains(e.logs.String(), `"global":true`) {
		t.Error("sign-in was not logged as global")
	}
}

func TestGlobalAssertionAcceptedAtSecondInstance(t *testing.T) {
	e := newEnv(t)
	acs := e.srv.Origin("us-west-2") + ACSPath
	doc, err := e.fed.buildResponse(e.fed.spec(DefaultUsername, GlobalAudience, acs, ""))
	if err != nil {
		t.Fatal(err)
	}
	resp := e.postResponse(t, newClient(t), "us-west-2", doc, "")
	if read(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status = %d, want 303; logs:\n%s", resp.StatusCode, e.logs)
	}
}

func TestSPInitiatedChecksInResponseTo(t *testing.T) {
	e := newEnv(t)
	c := newClient(t)
	page := e.login(t, c, e.srv.Origin("us-west-2")+SPLoginPath+"?RelayState="+url.QueryEscape("/ccp-v2/"), DefaultUsername, DefaultPassword)
	if !strings.Contains(e.fed.mustDecode(t, page), `InResponseTo="id-`) {
		t.Fatal("response does not quote the request ID")
	}
	resp := submit(t, noRedirect(c), page)
	if read(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status = %d, want 303; logs:\n%s", resp.StatusCode, e.logs)
	}
	// The request ID is used up: a second response to it is refused even with a fresh assertion ID.
	f := formFields(page)
	doc := e.fed.mustDecode(t, page)
	id := doc[strings.Index(doc, `InResponseTo="`)+len(`InResponseTo="`):]
	id = id[:strings.Index(id, `"`)]
	again, err := e.fed.buildResponse(e.fed.spec(DefaultUsername, InstanceEntityID("us-west-2"), e.srv.Origin("us-west-2")+ACSPath, id))
	if err != nil {
		t.Fatal(err)
	}
	resp = e.postResponse(t, newClient(t), "us-west-2", again, f.Get("RelayState"))
	if read(t, resp); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("reused request ID: status = %d, want 403", resp.StatusCode)
	}
}

func TestIdPRefusesWrongPasswordAndCode(t *testing.T) {
	e := newEnv(t)
	c := newClient(t)
	resp, err := c.Get(e.fed.LoginURL("us-east-1", ""))
	if err != nil {
		t.Fatal(err)
	}
	f := formFields(read(t, resp))
	f.Set("username", DefaultUsername)
	f.Set("password", "wrong")
	resp, err = c.PostForm(e.fed.BaseURL()+"/login", f)
	if err != nil {
		t.Fatal(err)
	}
	if page := read(t, resp); resp.StatusCode != http.StatusUnauthorized || strings.Contains(page, `id="code"`) {
		t.Fatalf("wrong password: status %d", resp.StatusCode)
	}
	f.Set("password", DefaultPassword)
	resp, err = c.PostForm(e.fed.BaseURL()+"/login", f)
	if err != nil {
		t.Fatal(err)
	}
	read(t, resp)
	// A code from five minutes ago is outside the ±1 step window.
	stale, _ := e.fed.TOTPCode(DefaultUsername)
	e.clock.Advance(5 * time.Minute)
	f.Set("code", stale)
	resp, err = c.PostForm(e.fed.BaseURL()+"/mfa", f)
	if err != nil {
		t.Fatal(err)
	}
	if page := read(t, resp); resp.StatusCode != http.StatusUnauthorized || strings.Contains(page, "SAMLResponse") {
		t.Fatalf("stale code: status %d", resp.StatusCode)
	}
	if strings.Contains(e.logs.String(), DefaultPassword) || strings.Contains(e.logs.String(), "wrong\"") {
		t.Error("a password reached the logs")
	}
}

func TestInfoAndTestHooks(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.TestHooks = true })
	in := e.fed.Info()
	if len(in.LoginURLs) != 3 || in.LoginURLs[GlobalApp] != e.fed.BaseURL()+"/app/global/sso/saml" {
		t.Errorf("login urls = %v", in.LoginURLs)
	}
	resp, err := http.Get(strings.Replace(in.TOTP, "{username}", DefaultUsername, 1))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := e.fed.TOTPCode(DefaultUsername)
	if body := read(t, resp); !strings.Contains(body, `"code":"`+want+`"`) {
		t.Errorf("totp hook = %s, want code %s", body, want)
	}
	resp, err = http.Get(e.fed.BaseURL() + "/")
	if err != nil {
		t.Fatal(err)
	}
	checkNoFrames(t, resp)
	if body := read(t, resp); !strings.Contains(body, "/app/us-west-2/sso/saml") {
		t.Errorf("index does not list the apps:\n%s", body)
	}
}
