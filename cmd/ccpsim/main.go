// Command ccpsim runs a local Amazon Connect that the unmodified amazon-connect-streams library runs
// against: regional CCP pages, sign-in, routing, Global Resiliency and a control API. See docs/ccpsim.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/federation"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccpsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `ccpsim: a local Amazon Connect for the unmodified amazon-connect-streams library.

It serves one CCP page per regional instance (each on its own loopback origin), a sandbox sign-in page,
and a control API. When ready it prints one JSON line on stdout with every URL:
  {"ccpUrls":{"us-east-1":"http://127.0.0.1:P/ccp-v2/",...},"signInUrls":{...},"control":"http://127.0.0.1:P",...}

Sign in (top-level page, sets the session cookie):  <signInUrl>?username=agent1&destination=<url>
Then call connect.core.initCCP with ccpUrl (and secondaryCCPUrl for Global Resiliency) from an approved origin.
Control API: GET /v1/state, POST /v1/contacts, /v1/regions/active, /v1/faults … (docs/ccpsim.md).

Flags:
`)
		fs.PrintDefaults()
	}
	host := fs.String("host", "127.0.0.1", "listen address (loopback only unless -allow-non-loopback)")
	allowRemote := fs.Bool("allow-non-loopback", false, "allow a non-loopback -host (the simulator has no real authentication)")
	regions := fs.String("regions", strings.Join(ccpsim.DefaultRegions, ","), "regional instances, comma-separated; the first is active")
	ports := fs.String("ports", "", "one port per region, comma-separated (0 = any free port; default all 0)")
	controlPort := fs.Int("control-port", 0, "control API port (0 = any free port)")
	approved := fs.String("approved-origins", "", "extra origins allowed to frame the CCP, comma-separated (added to "+strings.Join(ccpsim.DefaultApprovedOrigins, ", ")+")")
	replace := fs.Bool("replace-approved-origins", false, "use only -approved-origins, not the defaults")
	configPath := fs.String("config", "", "instance configuration file (YAML or JSON): agents, queues, states, quick connects, timeouts")
	scenario := fs.String("scenario", "", "scenario file (YAML or JSON) to run once ready")
	demo := fs.Bool("demo", false, "serve a demo page running Streams against the simulator (needs -streams-js)")
	streamsJS := fs.String("streams-js", "", "path to amazon-connect-streams' release/connect-streams.js, for -demo")
	exitOnEOF := fs.Bool("exit-on-stdin-eof", false, "stop when standard input closes (for test runners)")
	verbose := fs.Bool("v", false, "log at debug level")
	sso := fs.Bool("sso", false, "SAML sign-in: a test identity provider (agent1 / sandbox-password + TOTP) on its own origin and a federation endpoint (POST /auth/saml/acs) on every instance; see docs/sso.md")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file until exit (for benchmarks)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	level := zerolog.InfoLevel
	if *verbose {
		level = zerolog.DebugLevel
	}
	logger := zerolog.New(zerolog.ConsoleWriter{Out: stderr, NoColor: true}).Level(level).With().Timestamp().Logger()

	opts := ccpsim.Options{Host: *host, AllowNonLoopback: *allowRemote, ControlPort: *controlPort, Logger: logger}
	opts.Regions = splitList(*regions)
	if *ports != "" {
		for _, p := range splitList(*ports) {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 65535 {
				fmt.Fprintf(stderr, "ccpsim: -ports: %q is not a port number\n", p)
				return 2
			}
			opts.Ports = append(opts.Ports, n)
		}
	}
	extra := splitList(*approved)
	if *replace {
		opts.ApprovedOrigins = extra
		if opts.ApprovedOrigins == nil {
			opts.ApprovedOrigins = []string{}
		}
	} else {
		opts.ApprovedOrigins = append(append([]string{}, ccpsim.DefaultApprovedOrigins...), extra...)
	}
	if *configPath != "" {
		cfg, err := ccpsim.LoadConfig(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "ccpsim: %v\n", err)
			return 2
		}
		opts.Config = &cfg
	}
	var sc *ccpsim.Scenario
	if *scenario != "" {
		s, err := ccpsim.LoadScenario(*scenario)
		if err != nil {
			fmt.Fprintf(stderr, "ccpsim: %v\n", err)
			return 2
		}
		sc = s
	}
	if *demo {
		if *streamsJS == "" {
			fmt.Fprintln(stderr, "ccpsim: -demo needs -streams-js PATH (frontend or e2e node_modules/amazon-connect-streams/release/connect-streams.js)")
			return 2
		}
		opts.StreamsJS = *streamsJS
	}

	var fed *federation.Federation
	if *sso {
		f, err := federation.New(federation.Options{Logger: logger, TestHooks: true})
		if err == nil {
			_, err = f.Listen(*host)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ccpsim: -sso: %v\n", err)
			return 2
		}
		defer f.Close()
		opts.Extensions = append(opts.Extensions, f)
		fed = f
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "ccpsim: -cpuprofile: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "ccpsim: -cpuprofile: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := ccpsim.Start(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "ccpsim: %v\n", err)
		return 2
	}
	defer srv.Close()
	ready := struct {
		ccpsim.Info
		SSO *federation.Info `json:"sso,omitempty"`
	}{Info: srv.Info()}
	if fed != nil {
		in := fed.Info()
		ready.SSO = &in
	}
	line, _ := json.Marshal(ready)
	fmt.Fprintln(stdout, string(line))
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	if *exitOnEOF {
		go func() {
			io.Copy(io.Discard, stdin)
			stop()
		}()
	}
	if sc != nil {
		go func() {
			if err := sc.Run(ctx, srv.World()); err != nil {
				logger.Error().Err(err).Msg("scenario failed")
			} else {
				logger.Info().Msg("scenario finished")
			}
		}()
	}
	<-ctx.Done()
	return 0
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
