package region

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock fires timers only when Advance passes them, in time order, outside its lock.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c             *fakeClock
	at            time.Time
	f             func()
	stopped, done bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	tm := &fakeTimer{c: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, tm)
	return tm
}

func (tm *fakeTimer) Stop() bool {
	tm.c.mu.Lock()
	defer tm.c.mu.Unlock()
	was := !tm.stopped && !tm.done
	tm.stopped = true
	return was
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		var next *fakeTimer
		for _, tm := range c.timers {
			if !tm.stopped && !tm.done && !tm.at.After(end) && (next == nil || tm.at.Before(next.at)) {
				next = tm
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		c.now, next.done = next.at, true
		c.mu.Unlock()
		next.f()
	}
}

func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, tm := range c.timers {
		if !tm.stopped && !tm.done {
			n++
		}
	}
	return n
}

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
