// Package desktop holds the desktop integration logic: bringing the window to front and
// notifying on an incoming contact, confirm-before-quit while a contact is active, the
// second-instance hand-off, and remembered window geometry. It talks to the window only
// through the Window and Notifier interfaces (implemented by internal/bridge over the
// Wails runtime), so everything here runs under go test without a window.
package desktop

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/events"
)

// Window is the part of the native window this package drives.
type Window interface {
	Show()
	Unminimise()
	// SetAlwaysOnTop is toggled on and off to raise the window above others; WMs ignore
	// a plain "raise" from a background app.
	SetAlwaysOnTop(on bool)
	Size() (w, h int)
	Position() (x, y int)
	SetPosition(x, y int)
	IsMaximised() bool
	Quit()
}

// Notifier shows OS notifications.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// Notification is one OS notification.
type Notification struct {
	ID    string
	Title string
	Body  string
}

// IncomingContact is what the panel reports when a contact starts ringing.
type IncomingContact struct {
	ContactID string `json:"contactId"`
	Channel   string `json:"channel"` // VOICE, CHAT, TASK, …
	Caller    string `json:"caller"`
	Queue     string `json:"queue"`
}

// Service implements the desktop behaviour. Its zero value is not usable; use New.
type Service struct {
	log      zerolog.Logger
	emit     events.Emitter
	notifier Notifier
	geometry *GeometryStore

	mu            sync.Mutex
	window        Window
	active        int
	quitConfirmed bool
	notified      map[string]bool
}

// New returns a Service. window may be set later with SetWindow (it exists only after
// Wails starts). geometry may be nil (nothing remembered).
func New(log zerolog.Logger, emit events.Emitter, notifier Notifier, geometry *GeometryStore) *Service {
	if emit == nil {
		emit = events.Discard
	}
	return &Service{
		log:      log.With().Str("component", "desktop").Logger(),
		emit:     emit,
		notifier: notifier,
		geometry: geometry,
		notified: map[string]bool{},
	}
}

// SetWindow attaches the window once it exists.
func (s *Service) SetWindow(w Window) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.window = w
}

func (s *Service) win() Window {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.window
}

// BringToFront shows, unminimises and raises the window.
func (s *Service) BringToFront() {
	w := s.win()
	if w == nil {
		return
	}
	w.Show()
	w.Unminimise()
	w.SetAlwaysOnTop(true)
	w.SetAlwaysOnTop(false)
}

// ContactIncoming brings the window to front and shows a notification, once per contact.
func (s *Service) ContactIncoming(ctx context.Context, c IncomingContact) error {
	if c.ContactID == "" {
		return fmt.Errorf("contact incoming: %w", ErrNoContactID)
	}
	s.mu.Lock()
	if s.notified[c.ContactID] {
		s.mu.Unlock()
		return nil
	}
	s.notified[c.ContactID] = true
	s.mu.Unlock()

	s.BringToFront()
	n := NotificationFor(c)
	s.log.Info().Str("contact_id", c.ContactID).Str("channel", c.Channel).Msg("incoming contact: window raised")
	if s.notifier == nil {
		return nil
	}
	if err := s.notifier.Notify(ctx, n); err != nil {
		// A missing notification daemon must not break the panel: log and carry on.
		s.log.Warn().Err(err).Str("contact_id", c.ContactID).Msg("os notification failed")
	}
	return nil
}

// ErrNoContactID is returned for a contact event without an id.
var ErrNoContactID = fmt.Errorf("missing contact id")

// NotificationFor builds the notification text for an incoming contact.
func NotificationFor(c IncomingContact) Notification {
	kind := map[string]string{"VOICE": "call", "QUEUE_CALLBACK": "callback", "CHAT": "chat", "TASK": "task", "EMAIL": "email"}[strings.ToUpper(c.Channel)]
	if kind == "" {
		kind = "contact"
	}
	title := "Incoming " + kind
	var parts []string
	if c.Caller != "" {
		parts = append(parts, c.Caller)
	}
	if c.Queue != "" {
		parts = append(parts, "queue "+c.Queue)
	}
	body := strings.Join(parts, " · ")
	if body == "" {
		body = "Open ccpdesk to accept or reject."
	}
	return Notification{ID: "contact-" + c.ContactID, Title: title, Body: body}
}

// SetActiveContacts records how many contacts are active (ringing, connected or in ACW).
func (s *Service) SetActiveContacts(n int) {
	if n < 0 {
		n = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n == 0 {
		s.quitConfirmed = false
	}
	s.active = n
}

// ActiveContacts returns the last value given to SetActiveContacts.
func (s *Service) ActiveContacts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// BeforeClose is called when the user closes the window. It returns true to keep the
// window open: while a contact is active and the user has not confirmed, it asks the UI
// (events.QuitRequested). Otherwise it saves the window geometry and lets the app quit.
func (s *Service) BeforeClose() (prevent bool) {
	s.mu.Lock()
	active, confirmed := s.active, s.quitConfirmed
	s.mu.Unlock()
	if active > 0 && !confirmed {
		s.log.Info().Int("active_contacts", active).Msg("close requested with active contacts: asking for confirmation")
		s.BringToFront()
		s.emit.Emit(events.QuitRequested, events.QuitRequest{ActiveContacts: active})
		return true
	}
	s.SaveGeometry()
	return false
}

// ConfirmQuit is the user's "quit anyway".
func (s *Service) ConfirmQuit() {
	s.mu.Lock()
	s.quitConfirmed = true
	w := s.window
	s.mu.Unlock()
	s.log.Warn().Msg("quit confirmed with active contacts")
	if w != nil {
		w.Quit()
	}
}

// SecondInstance handles a refused second launch: focus this window and tell the UI.
func (s *Service) SecondInstance(args []string) {
	s.log.Info().Int("args", len(args)).Msg("second instance launched: focusing this one")
	s.BringToFront()
	s.emit.Emit(events.SecondInstance, events.SecondInstanceLaunch{Args: args})
}

// RestorePosition moves the window to the remembered position (size and maximised state
// are given to the window at creation). Call it once the window exists.
func (s *Service) RestorePosition() {
	w := s.win()
	if w == nil || s.geometry == nil {
		return
	}
	g, ok, err := s.geometry.Load()
	if err != nil {
		s.log.Warn().Err(err).Msg("window geometry ignored")
		return
	}
	if ok && !g.Maximised {
		w.SetPosition(g.X, g.Y)
	}
}

// SaveGeometry stores the current window size and position.
func (s *Service) SaveGeometry() {
	w := s.win()
	if w == nil || s.geometry == nil {
		return
	}
	g := Geometry{Maximised: w.IsMaximised()}
	g.Width, g.Height = w.Size()
	g.X, g.Y = w.Position()
	if err := s.geometry.Save(g); err != nil {
		s.log.Warn().Err(err).Msg("save window geometry")
	}
}
