package bridge

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/rs/zerolog"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/events"
)

// Runtime adapts the Wails runtime (which needs the context Wails passes to OnStartup)
// to the interfaces the rest of the app uses: events.Emitter, desktop.Window,
// desktop.Notifier. Before OnStartup every call is a no-op.
type Runtime struct {
	log zerolog.Logger

	mu          sync.Mutex
	ctx         context.Context
	notifyReady bool
	notifyErr   error
}

// NewRuntime returns an unattached Runtime.
func NewRuntime(log zerolog.Logger) *Runtime {
	return &Runtime{log: log.With().Str("component", "wails").Logger()}
}

// Attach stores the Wails context (call from OnStartup).
func (r *Runtime) Attach(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ctx = ctx
}

func (r *Runtime) wctx() context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ctx
}

// Emit implements events.Emitter.
func (r *Runtime) Emit(name string, payload any) {
	if ctx := r.wctx(); ctx != nil {
		runtime.EventsEmit(ctx, name, payload)
	}
}

var _ events.Emitter = (*Runtime)(nil)

// Window returns the desktop.Window view of the main window.
func (r *Runtime) Window() desktop.Window { return window{r} }

type window struct{ r *Runtime }

func (w window) do(f func(ctx context.Context)) {
	if ctx := w.r.wctx(); ctx != nil {
		f(ctx)
	}
}
func (w window) Show()       { w.do(runtime.WindowShow) }
func (w window) Unminimise() { w.do(runtime.WindowUnminimise) }
func (w window) SetAlwaysOnTop(on bool) {
	w.do(func(ctx context.Context) { runtime.WindowSetAlwaysOnTop(ctx, on) })
}
func (w window) Size() (wd, ht int) {
	w.do(func(ctx context.Context) { wd, ht = runtime.WindowGetSize(ctx) })
	return
}
func (w window) Position() (x, y int) {
	w.do(func(ctx context.Context) { x, y = runtime.WindowGetPosition(ctx) })
	return
}
func (w window) SetPosition(x, y int) {
	w.do(func(ctx context.Context) { runtime.WindowSetPosition(ctx, x, y) })
}
func (w window) IsMaximised() (m bool) {
	w.do(func(ctx context.Context) { m = runtime.WindowIsMaximised(ctx) })
	return
}
func (w window) Quit() { w.do(runtime.Quit) }

// Notify implements desktop.Notifier with the Wails v2.16 runtime notifications.
func (r *Runtime) Notify(_ context.Context, n desktop.Notification) error {
	ctx := r.wctx()
	if ctx == nil {
		return fmt.Errorf("notify: %w", ErrNotAvailable)
	}
	r.mu.Lock()
	if !r.notifyReady && r.notifyErr == nil {
		r.notifyErr = runtime.InitializeNotifications(ctx)
		r.notifyReady = r.notifyErr == nil
	}
	ready, initErr := r.notifyReady, r.notifyErr
	r.mu.Unlock()
	if !ready {
		return fmt.Errorf("initialise notifications: %w", initErr)
	}
	if err := runtime.SendNotification(ctx, runtime.NotificationOptions{ID: n.ID, Title: n.Title, Body: n.Body}); err != nil {
		return fmt.Errorf("send notification: %w", err)
	}
	return nil
}

// Shutdown releases notification resources (call from OnShutdown).
func (r *Runtime) Shutdown() {
	r.mu.Lock()
	ready := r.notifyReady
	r.mu.Unlock()
	if ctx := r.wctx(); ctx != nil && ready {
		runtime.CleanupNotifications(ctx)
	}
}

// ReloadApp returns the window to the app's start page from whatever page is loaded.
func (r *Runtime) ReloadApp() {
	if ctx := r.wctx(); ctx != nil {
		runtime.WindowReloadApp(ctx)
	}
}

// Navigate loads url as the window's top-level page (self-test probes).
func (r *Runtime) Navigate(url string) {
	if ctx := r.wctx(); ctx != nil {
		b, _ := json.Marshal(url)
		runtime.WindowExecJS(ctx, "window.location.assign("+string(b)+");")
	}
}

// Quit asks Wails to quit.
func (r *Runtime) Quit() {
	if ctx := r.wctx(); ctx != nil {
		runtime.Quit(ctx)
	}
}

// Lifecycle are the app's lifecycle hooks (app.go).
type Lifecycle interface {
	Startup(ctx context.Context)
	DomReady(ctx context.Context)
	BeforeClose(ctx context.Context) (prevent bool)
	Shutdown(ctx context.Context)
}

// RunOptions are the window and app options main.go chooses.
type RunOptions struct {
	Title          string
	Width, Height  int
	X, Y           int
	HasPosition    bool
	Maximised      bool
	Assets         fs.FS
	Lifecycle      Lifecycle
	Services       []any
	SingleInstance string // unique id; "" disables the lock
	OnSecondLaunch func(args []string)
	AllowedOrigins []string // extra origins allowed to call bindings (the hosted shell)
	Debug          bool
}

// Run builds the Wails options and runs the app until it quits.
func Run(o RunOptions) error {
	state := options.Normal
	if o.Maximised {
		state = options.Maximised
	}
	app := &options.App{
		Title:            o.Title,
		Width:            o.Width,
		Height:           o.Height,
		MinWidth:         desktop.MinWidth,
		MinHeight:        desktop.MinHeight,
		WindowStartState: state,
		AssetServer:      &assetserver.Options{Assets: o.Assets},
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		OnStartup:        o.Lifecycle.Startup,
		OnDomReady:       o.Lifecycle.DomReady,
		OnBeforeClose:    o.Lifecycle.BeforeClose,
		OnShutdown:       o.Lifecycle.Shutdown,
		Bind:             o.Services,
		ErrorFormatter:   FormatError,
		Linux:            &linux.Options{ProgramName: "ccpdesk", WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand},
		Mac:              &mac.Options{About: &mac.AboutInfo{Title: "ccpdesk", Message: "Amazon Connect desktop agent"}},
		Debug:            options.Debug{OpenInspectorOnStartup: false},
	}
	if len(o.AllowedOrigins) > 0 {
		app.BindingsAllowedOrigins = joinOrigins(o.AllowedOrigins)
	}
	if o.SingleInstance != "" {
		app.SingleInstanceLock = &options.SingleInstanceLock{
			UniqueId: o.SingleInstance,
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				if o.OnSecondLaunch != nil {
					o.OnSecondLaunch(d.Args)
				}
			},
		}
	}
	if err := wails.Run(app); err != nil {
		return fmt.Errorf("run window: %w", err)
	}
	return nil
}
