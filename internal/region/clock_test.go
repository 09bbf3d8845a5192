package region

import (
	"fmt"

	"github.com/ccpdesk/ccpdesk/internal/clock"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock fires timers only when Advance passes them, in time order, outside its lock.
type fakeClock = clock.Manual

func newFakeClock() *fakeClock { return clock.NewManual(t0) }

// recorder is a fake Emitter that renders each event as a short line, so tests compare
// the exact order of what the UI would receive.
type recorder struct {
	mu     sync.Mutex
	lines  []string
	events []any
}

func (r *recorder) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, payload)
	switch p := payload.(type) {
	case Snapshot:
		line := fmt.Sprintf("%s %s %s", name, p.Phase, p.ActiveRegion)
		if p.TargetRegion != "" {
			line += "→" + p.TargetRegion
		}
		if len(p.WaitingFor) > 0 {
			var ids []string
			for _, c := range p.WaitingFor {
				ids = append(ids, c.ID+"/"+c.State)
			}
			line += " wait=" + strings.Join(ids, ",")
		}
		r.lines = append(r.lines, line)
	case Switch:
		r.lines = append(r.lines, fmt.Sprintf("%s %s>%s", name, p.From, p.To))
	default:
		r.lines = append(r.lines, fmt.Sprintf("%s %v", name, payload))
	}
}

func (r *recorder) Lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines, r.events = nil, nil
}

func TestFakeClockOrder(t *testing.T) {
	c := newFakeClock()
	var got []int
	c.AfterFunc(2*time.Second, func() { got = append(got, 2) })
	c.AfterFunc(time.Second, func() { got = append(got, 1) })
	stopped := c.AfterFunc(time.Second, func() { got = append(got, 99) })
	if !stopped.Stop() {
		t.Fatal("Stop() = false, want true")
	}
	c.Advance(3 * time.Second)
	if fmt.Sprint(got) != "[1 2]" {
		t.Errorf("got %v, want [1 2]", got)
	}
	if want := t0.Add(3 * time.Second); !c.Now().Equal(want) {
		t.Errorf("Now() = %v, want %v", c.Now(), want)
	}
}
