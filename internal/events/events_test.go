package events

import (
	"sync"
	"testing"
)

func TestRecorder(t *testing.T) {
	tests := []struct {
		name  string
		emit  []string
		query string
		want  int
	}{
		{"none", nil, QuitRequested, 0},
		{"one of two", []string{QuitRequested, SecondInstance}, QuitRequested, 1},
		{"repeated", []string{SandboxState, SandboxState}, SandboxState, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Recorder
			for _, n := range tt.emit {
				r.Emit(n, nil)
			}
			if got := len(r.Named(tt.query)); got != tt.want {
				t.Errorf("len(Named(%q)) = %d, want %d", tt.query, got, tt.want)
			}
			if got := len(r.Events()); got != len(tt.emit) {
				t.Errorf("len(Events()) = %d, want %d", got, len(tt.emit))
			}
		})
	}
}

func TestRecorderConcurrent(t *testing.T) {
	var r Recorder
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); r.Emit(SandboxState, 1) }()
	}
	wg.Wait()
	if got := len(r.Events()); got != 50 {
		t.Errorf("got %d events, want 50", got)
	}
}

func TestEmitterFunc(t *testing.T) {
	var got string
	var e Emitter = EmitterFunc(func(n string, _ any) { got = n })
	e.Emit(SecondInstance, nil)
	if got != SecondInstance {
		t.Errorf("got %q, want %q", got, SecondInstance)
	}
	Discard.Emit("x", nil)
}
