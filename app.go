package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/bridge"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
)

// WindowRuntime is what App needs from the Wails runtime (bridge.Runtime in production).
type WindowRuntime interface {
	Attach(ctx context.Context)
	Window() desktop.Window
	Navigate(url string)
	Quit()
	Shutdown()
}

var _ WindowRuntime = (*bridge.Runtime)(nil)

// App owns the lifetime context and fans the window lifecycle out to the services.
type App struct {
	log      zerolog.Logger
	rt       WindowRuntime
	desk     *desktop.Service
	selftest *sandbox.SelfTest
	stTimes  [2]time.Duration // self-test timeout, linger
	stProbe  string           // URL loaded after the self-test to prove it cannot call bindings

	ctx       context.Context
	cancel    context.CancelFunc
	forceQuit atomic.Bool
	stopping  atomic.Bool
	domOnce   sync.Once
	domLoads  atomic.Int64
	// pageLoaded hooks run on every top-level page load (sandbox sign-in return).
	pageLoaded []func()
}

// OnPageLoad adds a hook run on every top-level page load.
func (a *App) OnPageLoad(f func()) { a.pageLoaded = append(a.pageLoaded, f) }

// NewApp returns an App whose lifetime context is a child of parent.
func NewApp(parent context.Context, log zerolog.Logger, rt WindowRuntime, desk *desktop.Service) *App {
	ctx, cancel := context.WithCancel(parent)
	return &App{log: log.With().Str("component", "app").Logger(), rt: rt, desk: desk, ctx: ctx, cancel: cancel}
}

// WithSelfTest makes the app run st and quit when it is done. If probeURL is set, the
// window then loads it (a foreign origin that tries to call bindings) before quitting.
func (a *App) WithSelfTest(st *sandbox.SelfTest, timeout, linger time.Duration, probeURL string) {
	a.selftest, a.stTimes, a.stProbe = st, [2]time.Duration{timeout, linger}, probeURL
}

// probeWait is how long the probe page gets to try (and fail) to call a binding.
const probeWait = 8 * time.Second

// Context is the lifetime context: cancelled when the window shuts down.
func (a *App) Context() context.Context { return a.ctx }

// Startup runs once the native window exists.
func (a *App) Startup(wctx context.Context) {
	a.rt.Attach(wctx)
	a.desk.SetWindow(a.rt.Window())
	a.desk.RestorePosition()
	a.log.Info().Msg("window started")
	// SIGINT/SIGTERM cancel the parent context: close the window (no confirmation).
	go func() {
		<-a.ctx.Done()
		if !a.stopping.Load() {
			a.log.Info().Msg("signal: quitting")
			a.desk.SaveGeometry()
			a.forceQuit.Store(true)
			a.rt.Quit()
		}
	}()
	if a.selftest != nil {
		go a.selftest.Watch(a.ctx, a.stTimes[0], a.stTimes[1], func() {
			if a.stProbe != "" {
				a.log.Info().Str("url", a.stProbe).Msg("self-test: loading the origin probe")
				a.rt.Navigate(a.stProbe)
				select {
				case <-time.After(probeWait):
				case <-a.ctx.Done():
				}
			}
			a.forceQuit.Store(true)
			a.rt.Quit()
		})
	}
}

// DomReady fires for every top-level page load (the app, and foreign pages such as the
// sandbox sign-in redirect).
func (a *App) DomReady(context.Context) {
	n := a.domLoads.Add(1)
	a.log.Debug().Int64("page_loads", n).Msg("dom ready")
	a.domOnce.Do(func() { a.log.Info().Msg("first page loaded") })
	for _, f := range a.pageLoaded {
		f()
	}
}

// BeforeClose returns true to keep the window open (active contacts, unconfirmed).
func (a *App) BeforeClose(context.Context) bool {
	if a.forceQuit.Load() {
		a.desk.SaveGeometry()
		return false
	}
	return a.desk.BeforeClose()
}

// Shutdown runs when the window is gone.
func (a *App) Shutdown(context.Context) {
	a.stopping.Store(true)
	a.log.Info().Msg("shutting down")
	a.rt.Shutdown()
	a.cancel()
}
