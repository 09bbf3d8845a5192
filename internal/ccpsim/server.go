package ccpsim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// DefaultApprovedOrigins are the origins ccpdesk's own shell runs at: wails://wails (Linux, macOS),
// http://wails.localhost (Windows) and wails dev's browser mode.
var DefaultApprovedOrigins = []string{"wails://wails", "http://wails.localhost", "http://localhost:34115"}

// DefaultRegions are the two instances of a Global Resiliency pair.
var DefaultRegions = []string{"us-east-1", "us-west-2"}

// Options configures Start.
type Options struct {
	// Host to listen on; loopback unless AllowNonLoopback.
	Host             string
	AllowNonLoopback bool
	// Regions, the first one active. Default DefaultRegions.
	Regions []string
	// Ports per region (0 = any free port); ControlPort for the control API.
	Ports       []int
	ControlPort int
	// ApprovedOrigins may frame the CCP. Nil means DefaultApprovedOrigins.
	ApprovedOrigins []string
	// Config of the instance; nil means DefaultConfig().
	Config *Config
	Clock  Clock
	Logger zerolog.Logger
	// StreamsJS, if set, is served with a demo page on an extra loopback origin (approved automatically).
	StreamsJS string
	// Extensions add routes to every instance's origin, e.g. a SAML federation endpoint and a test
	// identity provider. They sign agents in through Server.StartSession.
	Extensions []Extension
}

// Extension adds handlers to an instance origin's mux. Register is called once per region before serving.
type Extension interface {
	Register(region string, mux *http.ServeMux, srv *Server) error
}

// Info tells clients where everything is. It is also the CLI's ready line.
type Info struct {
	CCPURLs    map[string]string `json:"ccpUrls"`
	SignInURLs map[string]string `json:"signInUrls"`
	Control    string            `json:"control"`
	Demo       string            `json:"demo,omitempty"`
	// Regions in order, the first active at start.
	Regions []string `json:"regions"`
}

// Server runs a World behind one HTTP server per regional instance plus the control API.
type Server struct {
	world    *World
	log      zerolog.Logger
	simID    string
	approved map[string]bool
	info     Info
	origins  map[string]string // region -> origin
	streams  string

	servers []*http.Server
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc

	mu    sync.Mutex
	conns map[string]map[*ccpConn]struct{} // by agent
	stop  func()
}

// Start listens on loopback ports and serves until Close.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if !opts.AllowNonLoopback {
		ip := net.ParseIP(opts.Host)
		if opts.Host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("host %q is not loopback; ccpsim listens on loopback unless explicitly allowed", opts.Host)
		}
	}
	if len(opts.Regions) == 0 {
		opts.Regions = DefaultRegions
	}
	if opts.Ports != nil && len(opts.Ports) != len(opts.Regions) {
		return nil, fmt.Errorf("%d ports for %d regions", len(opts.Ports), len(opts.Regions))
	}
	cfg := DefaultConfig()
	if opts.Config != nil {
		cfg = *opts.Config
	}
	w, err := NewWorld(cfg, opts.Regions, opts.Clock)
	if err != nil {
		return nil, err
	}
	approved := opts.ApprovedOrigins
	if approved == nil {
		approved = DefaultApprovedOrigins
	}
	s := &Server{world: w, log: opts.Logger.With().Str("component", "ccpsim").Logger(), approved: map[string]bool{},
		conns: map[string]map[*ccpConn]struct{}{}, origins: map[string]string{}, streams: opts.StreamsJS}
	for _, o := range approved {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "" {
			continue
		}
		if _, err := url.Parse(o); err != nil || !strings.Contains(o, "://") {
			return nil, fmt.Errorf("approved origin %q: want scheme://host[:port]", o)
		}
		s.approved[o] = true
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	s.simID = hex.EncodeToString(b)
	s.ctx, s.cancel = context.WithCancel(context.Background())

	listen := func(port int) (net.Listener, string, error) {
		ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, strconv.Itoa(port)))
		if err != nil {
			return nil, "", err
		}
		addr := ln.Addr().String()
		if opts.Host == "localhost" {
			// Name the origins as asked: cookies set on localhost (the sandbox for wails dev's browser
			// page at http://localhost:34115, the federation endpoint's session) are not 127.0.0.1's.
			_, p, _ := net.SplitHostPort(addr)
			addr = net.JoinHostPort("localhost", p)
		}
		return ln, "http://" + addr, nil
	}
	var lns []net.Listener
	var handlers []http.Handler
	fail := func(err error) (*Server, error) {
		for _, ln := range lns {
			ln.Close()
		}
		return nil, err
	}
	s.info = Info{CCPURLs: map[string]string{}, SignInURLs: map[string]string{}, Regions: w.Regions()}
	for i, r := range opts.Regions {
		port := 0
		if opts.Ports != nil {
			port = opts.Ports[i]
		}
		ln, origin, err := listen(port)
		if err != nil {
			return fail(fmt.Errorf("listen for %s: %w", r, err))
		}
		lns = append(lns, ln)
		mux := s.regionHandler(r)
		s.origins[r] = origin
		for _, ext := range opts.Extensions {
			if err := ext.Register(r, mux, s); err != nil {
				return fail(fmt.Errorf("extension for %s: %w", r, err))
			}
		}
		handlers = append(handlers, mux)
		s.origins[r] = origin
		s.info.CCPURLs[r] = origin + "/ccp-v2/"
		s.info.SignInURLs[r] = origin + "/auth/sign-in"
	}
	ln, origin, err := listen(opts.ControlPort)
	if err != nil {
		return fail(fmt.Errorf("listen for control API: %w", err))
	}
	lns = append(lns, ln)
	handlers = append(handlers, s.controlHandler())
	s.info.Control = origin
	if opts.StreamsJS != "" {
		if _, err := os.Stat(opts.StreamsJS); err != nil {
			return fail(fmt.Errorf("streams js: %w", err))
		}
		ln, origin, err := listen(0)
		if err != nil {
			return fail(fmt.Errorf("listen for demo: %w", err))
		}
		lns = append(lns, ln)
		handlers = append(handlers, s.demoHandler())
		s.info.Demo = origin + "/"
		s.approved[origin] = true
	}
	s.stop = w.Listen(s.onNotice)
	for i, ln := range lns {
		srv := &http.Server{Handler: handlers[i], ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return s.ctx }}
		s.servers = append(s.servers, srv)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Error().Err(err).Msg("serve")
			}
		}()
	}
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.ctx.Done():
		}
	}()
	s.log.Info().Interface("ccp_urls", s.info.CCPURLs).Str("control", s.info.Control).Msg("ccpsim ready")
	return s, nil
}

// Origin returns the origin (scheme://host:port) of a region's instance.
func (s *Server) Origin(region string) string { return s.origins[region] }

// Logger is the simulator's logger, for extensions.
func (s *Server) Logger() zerolog.Logger { return s.log }

// Info returns the URLs of the running simulator.
func (s *Server) Info() Info { return s.info }

// World gives in-process users (the app's sandbox, tests) direct access to the simulation.
func (s *Server) World() *World { return s.world }

// Close stops every server and CCP connection.
func (s *Server) Close() error {
	if s.ctx.Err() != nil {
		return nil
	}
	s.cancel()
	s.stop()
	for _, c := range s.connsOf("") {
		c.close(closeGoingAway, "ccpsim stopped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, srv := range s.servers {
		_ = srv.Shutdown(ctx)
	}
	s.wg.Wait()
	return nil
}

func (s *Server) cookieName() string { return "ccpsim_" + s.simID }

// AllowedRedirect reports whether dest is a safe landing place after sign-in: a path on the instance, an
// approved origin or one of the simulator's origins (no open redirects). For extensions.
func (s *Server) AllowedRedirect(dest string) bool { return s.allowedRedirect(dest) }

// allowedRedirect accepts a same-instance path or a URL at an approved origin or one of ours.
func (s *Server) allowedRedirect(dest string) bool {
	if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.HasPrefix(dest, "/\\") {
		return true
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return false
	}
	origin := u.Scheme + "://" + u.Host
	if s.approved[origin] {
		return true
	}
	for _, o := range s.origins {
		if o == origin {
			return true
		}
	}
	return false
}

func (s *Server) approvedList() []string {
	out := make([]string, 0, len(s.approved))
	for o := range s.approved {
		out = append(out, o)
	}
	return out
}

func (s *Server) track(c *ccpConn, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.conns[c.agent]
	if add {
		if set == nil {
			set = map[*ccpConn]struct{}{}
			s.conns[c.agent] = set
		}
		set[c] = struct{}{}
		return
	}
	delete(set, c)
	if len(set) == 0 {
		delete(s.conns, c.agent)
	}
}

// connsOf lists agent's connections ("" = everyone's). One agent's is a map lookup, not a pass over every
// agent: each notice asks for it, and at 1,000 agents the pass was most of a control request's work.
func (s *Server) connsOf(agent string) []*ccpConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*ccpConn
	if agent != "" {
		for c := range s.conns[agent] {
			out = append(out, c)
		}
		return out
	}
	for _, set := range s.conns {
		for c := range set {
			out = append(out, c)
		}
	}
	return out
}

// onNotice fans world notices out to the affected CCP connections.
func (s *Server) onNotice(n Notice) {
	switch n.Kind {
	case NoticeUpdate:
		for _, c := range s.connsOf(n.Agent) {
			c.markDirty()
		}
	case NoticeSessionEnded:
		for _, c := range s.connsOf(n.Agent) {
			c.sessionEnded()
		}
	case NoticeEvent:
		for _, c := range s.connsOf(n.Agent) {
			if n.Region == "" || c.region == n.Region {
				c.grEvent(n.Event, n.Data)
			}
		}
	case NoticeSoftphoneError:
		f, _ := n.Data.(softphoneFailure)
		for _, c := range s.connsOf(n.Agent) {
			if c.region == n.Region {
				c.softphoneError(f)
			}
		}
	case NoticeFaults:
		for _, c := range s.connsOf("") {
			if _, drop := s.world.HasFault(FaultDropLink, c.region); drop {
				c.close(closeServiceRestart, "link dropped (fault)")
			}
		}
	}
}

// CCPConnections lists the connected CCP pages.
func (s *Server) CCPConnections() []CCPConnection {
	var out []CCPConnection
	for _, c := range s.connsOf("") {
		out = append(out, c.view())
	}
	return out
}
