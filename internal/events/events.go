// Package events names the events the Go side sends to the frontend, defines their
// payloads, and the Emitter interface every service uses to send them. It does not
// import Wails: internal/bridge adapts the Wails runtime to Emitter, and tests use
// Recorder.
package events

import "sync"

// Event names (Go → frontend). The frontend mirrors them in src/bridge/events.ts.
const (
	// SecondInstance: a second launch of the app was refused and this window was focused.
	SecondInstance = "app:second-instance"
	// QuitRequested: the user tried to close the window while a contact is active; the UI
	// asks for confirmation and answers with Desktop.ConfirmQuit or Desktop.CancelQuit.
	QuitRequested = "desktop:quit-requested"
	// SandboxState: ccpsim's view of the sandbox (agents, contacts, active region) changed.
	SandboxState = "sandbox:state"
	// SelfTestCommand: the self-test driver asks the UI to perform the next step.
	SelfTestCommand = "selftest:command"
)

// QuitRequest is the payload of QuitRequested.
type QuitRequest struct {
	ActiveContacts int `json:"activeContacts"`
}

// SecondInstanceLaunch is the payload of SecondInstance.
type SecondInstanceLaunch struct {
	Args []string `json:"args"`
}

// SelfTestStep is the payload of SelfTestCommand.
type SelfTestStep struct {
	Step string `json:"step"`
}

// Emitter sends one event to the frontend.
type Emitter interface {
	Emit(name string, payload any)
}

// EmitterFunc adapts a function to Emitter.
type EmitterFunc func(name string, payload any)

// Emit calls f(name, payload).
func (f EmitterFunc) Emit(name string, payload any) { f(name, payload) }

// Discard is an Emitter that drops everything (before the window exists, in the CLI).
var Discard Emitter = EmitterFunc(func(string, any) {})

// Event is one recorded emission.
type Event struct {
	Name    string
	Payload any
}

// Recorder is an Emitter that remembers what was emitted, for tests.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Emit records the event.
func (r *Recorder) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, Event{Name: name, Payload: payload})
}

// Events returns a copy of everything recorded so far.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// Named returns the recorded events with the given name.
func (r *Recorder) Named(name string) []Event {
	var out []Event
	for _, e := range r.Events() {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}
