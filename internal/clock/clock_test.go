package clock

import (
	"testing"
	"time"
)

func TestManualFiresInOrderAndChains(t *testing.T) {
	c := NewManual(time.Unix(0, 0))
	var got []string
	c.AfterFunc(2*time.Second, func() { got = append(got, "b") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "a")
		c.AfterFunc(500*time.Millisecond, func() { got = append(got, "a2") })
	})
	stopped := c.AfterFunc(1500*time.Millisecond, func() { got = append(got, "never") })
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop should report true once")
	}
	if c.Pending() != 2 {
		t.Fatalf("pending: got %d, want 2", c.Pending())
	}
	c.Advance(3 * time.Second)
	if want := "a,a2,b"; join(got) != want {
		t.Fatalf("order: got %s, want %s", join(got), want)
	}
	if c.Now() != time.Unix(3, 0) || c.Pending() != 0 {
		t.Fatalf("now %v pending %d", c.Now(), c.Pending())
	}
}

func TestRealClock(t *testing.T) {
	done := make(chan struct{})
	Real().AfterFunc(time.Millisecond, func() { close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("real timer did not fire")
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}
