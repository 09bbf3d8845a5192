package sandbox

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/federation"
)

// SSO describes the sandbox's test identity provider (--sandbox-sso): ccpsim's federation
// endpoint on every instance plus a test IdP on its own loopback origin, with the
// documented account (agent1 / sandbox-password + TOTP).
type SSO struct {
	IdP      string // the identity provider's origin
	LoginURL string // the global app's IdP-initiated sign-in (one flow for both instances)
	// TOTPHook returns {"code":"123456"} for Username (test hook; loopback only).
	TOTPHook string
	Username string
	Password string
	// TOTPSecret is the documented secret to add to an authenticator app.
	TOTPSecret string
}

// CCPSimSSO is CCPSim with SAML sign-in: the CCP starts signed out and the agent signs in
// through the test identity provider (docs/sso.md).
func CCPSimSSO(host string, approvedOrigins []string) Starter {
	if host == "" {
		host = "127.0.0.1"
	}
	return func(ctx context.Context, regions []string, log zerolog.Logger) (Info, io.Closer, error) {
		fed, err := federation.New(federation.Options{Logger: log, TestHooks: true})
		if err != nil {
			return Info{}, nil, err
		}
		if _, err := fed.Listen(host); err != nil {
			return Info{}, nil, err
		}
		srv, err := ccpsim.Start(ctx, ccpsim.Options{
			Host: host, Regions: regions, ApprovedOrigins: approvedOrigins, Logger: log,
			Extensions: []ccpsim.Extension{fed},
		})
		if err != nil {
			_ = fed.Close()
			return Info{}, nil, err
		}
		in := srv.Info()
		info := Info{Regions: in.Regions, CCPURLs: in.CCPURLs, SignInURLs: in.SignInURLs, Control: in.Control}
		if host == "localhost" {
			info.CCPURLs, info.SignInURLs = renameHost(info.CCPURLs, host), renameHost(info.SignInURLs, host)
		}
		fi := fed.Info()
		info.SSO = &SSO{
			IdP: fi.IdP, LoginURL: fed.LoginURL(federation.GlobalApp, ""),
			TOTPHook: strings.ReplaceAll(fi.TOTP, "{username}", Username),
			Username: federation.DefaultUsername, Password: federation.DefaultPassword, TOTPSecret: federation.DefaultTOTPSecret,
		}
		return info, closers{srv, fed}, nil
	}
}

type closers []io.Closer

func (c closers) Close() error {
	var errs []error
	for _, x := range c {
		errs = append(errs, x.Close())
	}
	return errors.Join(errs...)
}

// ScenarioSSO is the self-test scenario that signs in through the test identity provider
// (--sandbox-sso): the sign-in screen, a redirect to an unlisted host that must be blocked,
// the IdP's password and TOTP forms (filled by the app through WindowExecJS), the landing
// back on the desk, then the inbound call.
const ScenarioSSO = "sso"

func init() {
	steps := append([]string{"signin_screen", "blocked", "signin_blocked", "idp_password", "idp_totp", "landed"}, Scenarios["inbound"].Steps...)
	Scenarios[ScenarioSSO] = struct {
		Description string
		Steps       []string
	}{"SAML sign-in through the test IdP (unlisted host blocked, password + TOTP), land back, then the inbound call", steps}
}
