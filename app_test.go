package main

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/events"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
)

type fakeRuntime struct {
	mu       sync.Mutex
	attached bool
	quits    int
	navs     []string
	quit     chan struct{}
}

func (f *fakeRuntime) Attach(context.Context) { f.mu.Lock(); f.attached = true; f.mu.Unlock() }
func (f *fakeRuntime) Window() desktop.Window { return fakeWin{} }
func (f *fakeRuntime) Navigate(u string)      { f.mu.Lock(); f.navs = append(f.navs, u); f.mu.Unlock() }
func (f *fakeRuntime) Quit() {
	f.mu.Lock()
	f.quits++
	f.mu.Unlock()
	select {
	case f.quit <- struct{}{}:
	default:
	}
}
func (f *fakeRuntime) Shutdown() {}

type fakeWin struct{}

func (fakeWin) Show()                {}
func (fakeWin) Unminimise()          {}
func (fakeWin) SetAlwaysOnTop(bool)  {}
func (fakeWin) Size() (int, int)     { return 1200, 800 }
func (fakeWin) Position() (int, int) { return 1, 2 }
func (fakeWin) SetPosition(int, int) {}
func (fakeWin) IsMaximised() bool    { return false }
func (fakeWin) Quit()                {}

func newTestApp(t *testing.T, parent context.Context) (*App, *fakeRuntime, *desktop.Service, *events.Recorder, *desktop.GeometryStore) {
	t.Helper()
	rt := &fakeRuntime{quit: make(chan struct{}, 4)}
	rec := &events.Recorder{}
	gs := &desktop.GeometryStore{Path: filepath.Join(t.TempDir(), "window.json")}
	desk := desktop.New(zerolog.Nop(), rec, nil, gs)
	return NewApp(parent, zerolog.Nop(), rt, desk), rt, desk, rec, gs
}

func TestAppLifecycle(t *testing.T) {
	tests := []struct {
		name        string
		active      int
		wantPrevent bool
	}{
		{"idle window closes", 0, false},
		{"active contact asks first", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, rt, desk, rec, _ := newTestApp(t, context.Background())
			app.Startup(context.Background())
			if !rt.attached {
				t.Fatal("runtime not attached")
			}
			loads := 0
			app.OnPageLoad(func() { loads++ })
			app.DomReady(context.Background())
			app.DomReady(context.Background())
			if loads != 2 {
				t.Errorf("page-load hooks ran %d times, want 2", loads)
			}
			desk.SetActiveContacts(tt.active)
			if got := app.BeforeClose(context.Background()); got != tt.wantPrevent {
				t.Errorf("BeforeClose = %v, want %v", got, tt.wantPrevent)
			}
			if tt.wantPrevent && len(rec.Named(events.QuitRequested)) != 1 {
				t.Errorf("no quit-requested event")
			}
			app.Shutdown(context.Background())
			if app.Context().Err() == nil {
				t.Errorf("lifetime context not cancelled at shutdown")
			}
			if rt.quits != 0 {
				t.Errorf("shutdown called Quit %d times", rt.quits)
			}
		})
	}
}

func TestAppSignalQuits(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	app, rt, desk, _, gs := newTestApp(t, parent)
	app.Startup(context.Background())
	desk.SetActiveContacts(2)
	cancel() // SIGINT / SIGTERM
	select {
	case <-rt.quit:
	case <-time.After(5 * time.Second):
		t.Fatal("signal did not quit")
	}
	if app.BeforeClose(context.Background()) {
		t.Errorf("a signal-driven quit must not ask for confirmation")
	}
	if _, ok, _ := gs.Load(); !ok {
		t.Errorf("geometry not saved on a signal-driven quit")
	}
}

func TestAppSelfTestQuitsAfterProbe(t *testing.T) {
	app, rt, _, _, _ := newTestApp(t, context.Background())
	st, err := sandbox.NewSelfTest(filepath.Join(t.TempDir(), "o.json"), "multi", nil, zerolog.Nop(), nil)
	if err != nil {
		t.Fatal(err)
	}
	app.WithSelfTest(st, time.Minute, 0, "")
	app.Startup(context.Background())
	st.Finish("not run")
	select {
	case <-rt.quit:
	case <-time.After(5 * time.Second):
		t.Fatal("self-test end did not quit")
	}
	app.Shutdown(context.Background())
}
