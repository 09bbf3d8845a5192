package desktop

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/events"
)

type fakeWindow struct {
	mu         sync.Mutex
	calls      []string
	w, h, x, y int
	maximised  bool
}

func (f *fakeWindow) rec(c string) { f.mu.Lock(); f.calls = append(f.calls, c); f.mu.Unlock() }
func (f *fakeWindow) Show()        { f.rec("show") }
func (f *fakeWindow) Unminimise()  { f.rec("unminimise") }
func (f *fakeWindow) SetAlwaysOnTop(on bool) {
	if on {
		f.rec("top")
	} else {
		f.rec("untop")
	}
}
func (f *fakeWindow) Size() (int, int) { return f.w, f.h }
func (f *fakeWindow) SetPosition(x, y int) {
	f.mu.Lock()
	f.x, f.y = x, y
	f.mu.Unlock()
	f.rec("move")
}
func (f *fakeWindow) Position() (int, int) { return f.x, f.y }
func (f *fakeWindow) IsMaximised() bool    { return f.maximised }
func (f *fakeWindow) Quit()                { f.rec("quit") }
func (f *fakeWindow) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

type fakeNotifier struct {
	mu   sync.Mutex
	sent []Notification
	err  error
}

func (f *fakeNotifier) Notify(_ context.Context, n Notification) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, n)
	return f.err
}

func newSvc(t *testing.T, n Notifier) (*Service, *fakeWindow, *events.Recorder, *GeometryStore) {
	t.Helper()
	rec := &events.Recorder{}
	gs := &GeometryStore{Path: filepath.Join(t.TempDir(), "window.json")}
	s := New(zerolog.Nop(), rec, n, gs)
	w := &fakeWindow{w: 1200, h: 800, x: 10, y: 20}
	s.SetWindow(w)
	return s, w, rec, gs
}

var raise = []string{"show", "unminimise", "top", "untop"}

func TestContactIncoming(t *testing.T) {
	tests := []struct {
		name       string
		contacts   []IncomingContact
		notifyErr  error
		wantNotes  []Notification
		wantRaises int
		wantErr    bool
	}{
		{
			name:       "voice call notifies with caller and queue",
			contacts:   []IncomingContact{{ContactID: "c1", Channel: "VOICE", Caller: "+15555550100", Queue: "BasicQueue"}},
			wantNotes:  []Notification{{ID: "contact-c1", Title: "Incoming call", Body: "+15555550100 · queue BasicQueue"}},
			wantRaises: 1,
		},
		{
			name:       "same contact twice notifies once",
			contacts:   []IncomingContact{{ContactID: "c1", Channel: "CHAT"}, {ContactID: "c1", Channel: "CHAT"}},
			wantNotes:  []Notification{{ID: "contact-c1", Title: "Incoming chat", Body: "Open ccpdesk to accept or reject."}},
			wantRaises: 1,
		},
		{
			name:       "notifier failure is not an error",
			contacts:   []IncomingContact{{ContactID: "t1", Channel: "TASK", Caller: "Refund"}},
			notifyErr:  errors.New("no notification daemon"),
			wantNotes:  []Notification{{ID: "contact-t1", Title: "Incoming task", Body: "Refund"}},
			wantRaises: 1,
		},
		{
			name:     "missing id is refused",
			contacts: []IncomingContact{{Channel: "VOICE"}},
			wantErr:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &fakeNotifier{err: tt.notifyErr}
			s, w, _, _ := newSvc(t, n)
			var err error
			for _, c := range tt.contacts {
				if e := s.ContactIncoming(context.Background(), c); e != nil {
					err = e
				}
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(n.sent, tt.wantNotes) {
				t.Errorf("notifications = %+v, want %+v", n.sent, tt.wantNotes)
			}
			if got := len(w.Calls()) / len(raise); got != tt.wantRaises {
				t.Errorf("raised %d times (%v), want %d", got, w.Calls(), tt.wantRaises)
			}
		})
	}
}

func TestBeforeClose(t *testing.T) {
	tests := []struct {
		name        string
		active      int
		confirm     bool
		wantPrevent bool
		wantEvent   bool
		wantSaved   bool
	}{
		{"idle closes and saves", 0, false, false, false, true},
		{"active contact asks", 2, false, true, true, false},
		{"confirmed quits", 1, true, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, rec, gs := newSvc(t, nil)
			s.SetActiveContacts(tt.active)
			if tt.confirm {
				s.ConfirmQuit()
			}
			if got := s.BeforeClose(); got != tt.wantPrevent {
				t.Errorf("BeforeClose = %v, want %v", got, tt.wantPrevent)
			}
			evs := rec.Named(events.QuitRequested)
			if (len(evs) == 1) != tt.wantEvent {
				t.Errorf("quit-requested events = %v, want %v", evs, tt.wantEvent)
			}
			if tt.wantEvent {
				if got := evs[0].Payload.(events.QuitRequest).ActiveContacts; got != tt.active {
					t.Errorf("payload active = %d, want %d", got, tt.active)
				}
			}
			_, err := os.Stat(gs.Path)
			if (err == nil) != tt.wantSaved {
				t.Errorf("geometry saved = %v, want %v", err == nil, tt.wantSaved)
			}
		})
	}
}

func TestConfirmResetWhenIdle(t *testing.T) {
	s, w, _, _ := newSvc(t, nil)
	s.SetActiveContacts(1)
	s.ConfirmQuit()
	if c := w.Calls(); len(c) == 0 || c[len(c)-1] != "quit" {
		t.Errorf("ConfirmQuit did not quit: %v", c)
	}
	s.SetActiveContacts(0)
	s.SetActiveContacts(1)
	if !s.BeforeClose() {
		t.Errorf("a new contact after idle must ask again")
	}
}

func TestSecondInstance(t *testing.T) {
	s, w, rec, _ := newSvc(t, nil)
	s.SecondInstance([]string{"--sandbox"})
	if !reflect.DeepEqual(w.Calls(), raise) {
		t.Errorf("calls = %v, want %v", w.Calls(), raise)
	}
	if len(rec.Named(events.SecondInstance)) != 1 {
		t.Errorf("no second-instance event")
	}
}

func TestNoWindowIsSafe(t *testing.T) {
	s := New(zerolog.Nop(), nil, nil, nil)
	s.BringToFront()
	s.SaveGeometry()
	s.ConfirmQuit()
	if err := s.ContactIncoming(context.Background(), IncomingContact{ContactID: "x"}); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestGeometryStore(t *testing.T) {
	tests := []struct {
		name   string
		file   string // raw content, "" = no file
		save   *Geometry
		wantOK bool
		want   Geometry
	}{
		{name: "none", wantOK: false},
		{name: "round trip", save: &Geometry{Width: 1300, Height: 900, X: 5, Y: 6, Maximised: true}, wantOK: true, want: Geometry{Width: 1300, Height: 900, X: 5, Y: 6, Maximised: true}},
		{name: "too small ignored", file: `{"width":10,"height":10}`, wantOK: false},
		{name: "off screen ignored", file: `{"width":800,"height":600,"x":99999}`, wantOK: false},
		{name: "invalid not saved", save: &Geometry{Width: 0, Height: 0}, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := &GeometryStore{Path: filepath.Join(t.TempDir(), "sub", "window.json")}
			if tt.file != "" {
				_ = os.MkdirAll(filepath.Dir(gs.Path), 0o700)
				if err := os.WriteFile(gs.Path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.save != nil {
				if err := gs.Save(*tt.save); err != nil {
					t.Fatal(err)
				}
			}
			got, ok, err := gs.Load()
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("Load = %+v, %v; want %+v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestGeometryCorrupt(t *testing.T) {
	gs := &GeometryStore{Path: filepath.Join(t.TempDir(), "window.json")}
	_ = os.WriteFile(gs.Path, []byte("{"), 0o600)
	if _, ok, err := gs.Load(); ok || err == nil {
		t.Errorf("Load of corrupt file = ok %v err %v, want an error", ok, err)
	}
}

func TestRestorePosition(t *testing.T) {
	tests := []struct {
		name     string
		saved    *Geometry
		wantMove bool
	}{
		{"nothing saved", nil, false},
		{"saved position", &Geometry{Width: 900, Height: 700, X: 40, Y: 50}, true},
		{"maximised is not moved", &Geometry{Width: 900, Height: 700, X: 40, Y: 50, Maximised: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, w, _, gs := newSvc(t, nil)
			w.x, w.y = 0, 0
			if tt.saved != nil {
				if err := gs.Save(*tt.saved); err != nil {
					t.Fatal(err)
				}
			}
			s.RestorePosition()
			moved := len(w.Calls()) == 1 && w.Calls()[0] == "move"
			if moved != tt.wantMove {
				t.Fatalf("moved = %v (%v), want %v", moved, w.Calls(), tt.wantMove)
			}
			if moved && (w.x != 40 || w.y != 50) {
				t.Errorf("moved to %d,%d, want 40,50", w.x, w.y)
			}
		})
	}
}
