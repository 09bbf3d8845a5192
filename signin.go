package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/bridge"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
	"github.com/ccpdesk/ccpdesk/internal/secrets"
)

// applySSOFlags: the sso self-test scenario needs --sandbox-sso; --sandbox-sso implies --sandbox.
func applySSOFlags(f *appFlags) {
	if f.selftest != "" && f.selftestScen == sandbox.ScenarioSSO {
		f.sandboxSSO = true
	}
	if f.sandboxSSO {
		t := true
		f.cfg.Sandbox = &t
	}
}

func sandboxStarter(sso bool, host string, approved []string) sandbox.Starter {
	if sso {
		return sandbox.CCPSimSSO(host, approved)
	}
	return sandbox.CCPSim(host, approved)
}

// keyringTimeout bounds opening the OS keyring at start (a Secret Service can hang).
const keyringTimeout = 3 * time.Second

// startAuth opens the OS keyring (or an in-memory store, with the reason) and, when the app
// signs in through an identity provider (loginUrl outside the sandbox, or --sandbox-sso),
// starts the sign-in service. It returns nil for the service otherwise.
func startAuth(ctx context.Context, log zerolog.Logger, cfg *config.Config, sb *sandbox.Sandbox, rt *bridge.Runtime,
	st *sandbox.SelfTest, sso bool) (*bridge.AuthService, secrets.Report) {
	kctx, cancel := context.WithTimeout(ctx, keyringTimeout)
	store, rep := secrets.Open(kctx, secrets.OSOptions{Logger: log})
	cancel()
	if rep.Available {
		log.Info().Str("backend", rep.Backend).Msg("keyring: in use")
	} else {
		log.Warn().Str("backend", rep.Backend).Str("reason", rep.Reason).
			Msg("keyring: unavailable; the sign-in hints (username, identity provider) last only until the app exits")
	}
	if bindingsMode || (cfg.Sandbox && (!sso || sb == nil)) || (!cfg.Sandbox && cfg.LoginURL == "") {
		return nil, rep
	}
	a, err := bridge.NewAuth(bridge.AuthOptions{Log: log, Config: cfg, Sandbox: sb, Runtime: rt, Secrets: store, Keyring: rep, SelfTest: st})
	if err != nil {
		log.Error().Err(err).Msg("sign-in service not started")
		return nil, rep
	}
	return a, rep
}

// doctorKeyring prints whether the OS keyring is usable and, if not, why (ccpdesk doctor).
func doctorKeyring(ctx context.Context, w io.Writer) {
	kctx, cancel := context.WithTimeout(ctx, keyringTimeout)
	defer cancel()
	r := secrets.NewOS(secrets.OSOptions{}).Probe(kctx)
	if r.Available {
		fmt.Fprintf(w, "OS keyring: in use (%s): the sign-in hints (username, identity provider) are kept between runs\n", r.Backend)
		return
	}
	fmt.Fprintf(w, "OS keyring: off (%s: %s): the sign-in hints last only until the app exits\n", r.Backend, r.Reason)
}
