// Command ccpdesk is the Amazon Connect desktop agent app: the CCP and a custom contact
// panel in a native window (Wails v2). With no configuration it runs in sandbox mode
// against the built-in ccpsim emulator.
//
//	ccpdesk [flags]          run the app
//	ccpdesk doctor [flags]   print the effective configuration, check URLs, list approved origins
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/bridge"
	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/region"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const singleInstanceID = "io.github.ccpdesk.ccpdesk"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK     = 0
	exitFail   = 1
	exitConfig = 2
)

type appFlags struct {
	cfg             *config.Overrides
	logLevel        string
	logPretty       bool
	selftest        string
	selftestTimeout time.Duration
	selftestLinger  time.Duration
	selftestProbe   string
	selftestScen    string
	noSingle        bool
	sandboxSSO      bool
	browserOnly     bool
	showVersion     bool
}

func parseFlags(name string, args []string, stderr io.Writer) (*appFlags, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &appFlags{cfg: config.BindFlags(fs)}
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.BoolVar(&f.logPretty, "log-pretty", false, "human-readable logs on stderr")
	fs.StringVar(&f.selftest, "selftest", "", "run the sandbox self-test scenario through the window, write what the panel saw to this JSON file, and exit")
	fs.DurationVar(&f.selftestTimeout, "selftest-timeout", 120*time.Second, "give up on the self-test after this long")
	fs.DurationVar(&f.selftestLinger, "selftest-linger", 2*time.Second, "keep the window open this long after the self-test (for a screenshot)")
	fs.StringVar(&f.selftestScen, "selftest-scenario", "inbound", "self-test scenario: inbound (call: accept, hold, resume, transfer, conference, end, clear), multi (chat + call from the Simulator drawer, failover) or outbound-missed")
	fs.StringVar(&f.selftestProbe, "selftest-probe-url", "", "after the self-test, load this URL (a page that tries to call bindings from a foreign origin) before quitting")
	fs.BoolVar(&f.noSingle, "no-single-instance", false, "allow more than one instance (tests)")
	fs.BoolVar(&f.sandboxSSO, "sandbox-sso", false, "sandbox mode with SAML sign-in through ccpsim's test identity provider (agent1 / sandbox-password + TOTP; docs/sso.md)")
	fs.BoolVar(&f.browserOnly, "browser-only", false, "wails dev: the app runs in browser tabs only; the native window shows where instead of a second agent page (which would share the region tracker, the sign-in and the softphone)")
	fs.BoolVar(&f.showVersion, "version", false, "print the version and build information and exit")
	if err := fs.Parse(args); err != nil {
		return nil, fs, err
	}
	f.cfg.OnlySet(fs)
	return f, fs, nil
}

func newLogger(level string, pretty bool, w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		return zerolog.Nop(), fmt.Errorf("--log-level: %w", err)
	}
	if pretty {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Str("app", "ccpdesk").Logger(), nil
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "doctor" {
		return runDoctor(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "logs" {
		return logsCLI().Run(args[1:], stdout, stderr)
	}
	f, _, err := parseFlags("ccpdesk", args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitConfig
	}
	if f.showVersion {
		writeVersion(stdout)
		return exitOK
	}
	log, err := newLogger(f.logLevel, f.logPretty, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitConfig
	}
	if f.selftest != "" {
		t := true
		f.cfg.Sandbox = &t
		f.noSingle = true
	}
	applySSOFlags(f)
	cfg, err := config.Load(f.cfg, nil)
	if err != nil {
		fmt.Fprintln(stderr, "ccpdesk:", err)
		if errors.Is(err, config.ErrInvalid) {
			fmt.Fprintln(stderr, "Fix the configuration (see docs/configuration.md, or run `ccpdesk doctor`). Nothing was started.")
			return exitConfig
		}
		return exitFail
	}
	log.Info().Str("version", version).Bool("sandbox", cfg.Sandbox).Str("config_file", cfg.Source).
		Str("shell", cfg.Shell).Msg("starting")
	reportLocks(cfg, log, stderr)
	det := detectVDI(cfg, log)
	if f.selftest == "" && !bindingsMode {
		syncAutostart(cfg, log)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var sb *sandbox.Sandbox
	if cfg.Sandbox && !bindingsMode {
		approved := []string(nil) // ccpsim's defaults: the app's own origins
		if cfg.Shell == config.ShellHosted {
			approved = []string{config.Origin(cfg.HostedShellURL)}
		}
		// CCPDESK_SANDBOX_HOST=localhost for wails dev's browser mode (see sandbox.CCPSim).
		host := os.Getenv("CCPDESK_SANDBOX_HOST")
		if host != "" && !config.IsLoopback(host) {
			fmt.Fprintf(stderr, "ccpdesk: CCPDESK_SANDBOX_HOST=%q is not a loopback host\n", host)
			return exitConfig
		}
		sb, err = sandbox.Start(ctx, sandbox.Options{Regions: config.SandboxDefaults(), Logger: log, Start: sandboxStarter(f.sandboxSSO, host, approved)})
		if err != nil {
			log.Error().Err(err).Msg("sandbox")
			fmt.Fprintln(stderr, "ccpdesk: cannot start the sandbox:", err)
			return exitFail
		}
		defer sb.Close()
	}

	rt := bridge.NewRuntime(log)
	var logsB *bridge.LogsBackend
	var tracker *region.Tracker
	if !bindingsMode {
		if logsB, err = openAppLogs(ctx, log, cfg, rt); err != nil {
			// The app still works without capture; the Logs view and `ccpdesk doctor` say why.
			log.Error().Err(err).Msg("log capture off")
			fmt.Fprintln(stderr, "ccpdesk: log capture is off:", err)
		} else {
			defer logsB.Log.Close()
			log = teeLogs(log, stderr, f.logPretty, logsB.Log)
			go maintainLogs(ctx, log, logsB.Log)
		}
		if tracker, err = newTracker(log, cfg, sb, rt); err != nil {
			fmt.Fprintln(stderr, "ccpdesk:", err)
			return exitConfig
		}
		defer tracker.Close()
	}
	var geometry *desktop.GeometryStore
	if dir, err := config.Dir(); err == nil {
		geometry = &desktop.GeometryStore{Path: filepath.Join(dir, "window.json")}
	}
	desk := desktop.New(log, rt, rt, geometry)
	app := NewApp(ctx, log, rt, desk)

	var signIn *bridge.SignIn
	if sb != nil && !f.sandboxSSO {
		signIn = bridge.NewSignIn(rt.ReloadApp, log, 10*time.Second, 5*time.Second)
		app.OnPageLoad(signIn.PageLoaded)
	}

	var st *sandbox.SelfTest
	if f.selftest != "" {
		st, err = sandbox.NewSelfTest(f.selftest, f.selftestScen, sb, log, nil)
		if err != nil {
			fmt.Fprintln(stderr, "ccpdesk:", err)
			return exitConfig
		}
		app.WithSelfTest(st, f.selftestTimeout, f.selftestLinger, f.selftestProbe)
	}
	authSvc, keyring := startAuth(ctx, log, cfg, sb, rt, st, f.sandboxSSO)
	if authSvc != nil {
		defer authSvc.Close()
		app.OnPageLoad(authSvc.PageLoaded)
	}

	allowed, err := bridge.HostedOrigins(cfg.HostedShellURL)
	if err != nil {
		fmt.Fprintln(stderr, "ccpdesk:", err)
		return exitConfig
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		fmt.Fprintln(stderr, "ccpdesk: frontend assets:", err)
		return exitFail
	}
	ro := bridge.RunOptions{
		Title: "ccpdesk", Width: 1280, Height: 820,
		Assets:    dist,
		Lifecycle: app,
		Services: bridge.Services(&bridge.Deps{
			Log: log, Config: cfg, Sandbox: sb, Desktop: desk, SelfTest: st, SignIn: signIn, Version: version, BrowserOnly: f.browserOnly, Lifetime: app.Context,
			Auth: authSvc, Keyring: keyring,
			VDI:    det,
			Region: tracker, Logs: logsB,
		}),
		AllowedOrigins: allowed,
		OnSecondLaunch: desk.SecondInstance,
	}
	if !f.noSingle {
		ro.SingleInstance = singleInstanceID
	}
	if geometry != nil {
		if g, ok, err := geometry.Load(); err != nil {
			log.Warn().Err(err).Msg("window geometry ignored")
		} else if ok {
			ro.Width, ro.Height, ro.Maximised = g.Width, g.Height, g.Maximised
		}
	}
	if set := bridge.TuneEngine(); len(set) > 0 {
		log.Debug().Strs("env", set).Msg("webview engine settings")
	}
	if err := bridge.Run(ro); err != nil {
		log.Error().Err(err).Msg("window")
		fmt.Fprintln(stderr, "ccpdesk:", err)
		return exitFail
	}
	if st != nil {
		if !st.OK() {
			fmt.Fprintln(stderr, "ccpdesk: self-test failed:", st.Report().Error)
			return exitFail
		}
		fmt.Fprintln(stderr, "ccpdesk: self-test passed; report in", f.selftest)
	}
	return exitOK
}

func runDoctor(args []string, stdout, stderr io.Writer) int {
	f, _, err := parseFlags("ccpdesk doctor", args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitConfig
	}
	cfg, err := config.Load(f.cfg, nil)
	if err != nil {
		fmt.Fprintln(stderr, "ccpdesk doctor:", err)
		if errors.Is(err, config.ErrInvalid) {
			return exitConfig
		}
		return exitFail
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = config.Doctor(ctx, stdout, cfg, nil)
	config.DoctorVDI(stdout, cfg, vdi.Detect(vdi.SystemEnv()))
	doctorKeyring(ctx, stdout)
	if !doctorLogs(ctx, stdout, cfg) {
		err = errors.Join(err, errors.New("logs.encryptAtRest is on but there is no key: the app would capture no logs"))
	}
	if err != nil {
		fmt.Fprintln(stderr, "ccpdesk doctor:", err)
		return exitFail
	}
	return exitOK
}
