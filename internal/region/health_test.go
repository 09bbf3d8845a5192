package region

import (
	"slices"
	"testing"
	"time"
)

func TestHealth(t *testing.T) {
	ack := func(r string) step { return func(e *env) error { return e.tr.KeepaliveAck(r) } }
	health := func(r, s string) step { return func(e *env) error { return e.tr.Health(r, s) } }
	signal := func(r, ev string) step { return func(e *env) error { return e.tr.HealthSignal(r, ev) } }
	tests := []struct {
		name       string
		steps      []step
		region     string
		want       HealthStatus
		wantSeen   time.Duration // LastSeen - t0
		wantEvents int
	}{
		{"no signal", nil, west, HealthUnknown, -1, 0},
		{"acks keep it healthy", []step{ack(west), advance(5 * time.Second), ack(west), advance(5 * time.Second), ack(west)}, west, HealthHealthy, 10 * time.Second, 1},
		{"silence degrades", []step{ack(west), advance(DefaultStaleAfter)}, west, HealthDegraded, 0, 2},
		{"long silence is down", []step{ack(west), advance(DefaultDownAfter)}, west, HealthDown, 0, 3},
		{"an ack after down recovers", []step{ack(west), advance(time.Minute), ack(west)}, west, HealthHealthy, time.Minute, 4},
		{"websocket lost degrades despite acks", []step{ack(east), signal(east, "webSocket::connection_lost"), advance(time.Second), ack(east)}, east, HealthDegraded, time.Second, 2},
		{"websocket regained", []step{signal(east, "agent::websocket_connection_lost"), advance(time.Second), signal(east, "agent::websocket_connection_gained")}, east, HealthHealthy, time.Second, 2},
		{"init failure is down", []step{signal(east, "webSocket::init_failure")}, east, HealthDown, -1, 1},
		{"explicit down", []step{health(west, "down")}, west, HealthDown, -1, 1},
		{"explicit healthy then silence", []step{health(west, "healthy"), advance(time.Hour)}, west, HealthHealthy, 0, 1},
		{"repeated status does not emit", []step{health(west, "degraded"), health(west, "degraded")}, west, HealthDegraded, -1, 1},
		{
			"the region left behind forgets its websocket status",
			[]step{initd(east), ack(east), signal(east, "webSocket::connection_lost"), detected(west), completed(west, ""), ack(east)},
			east, HealthHealthy, 0, 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			for i, s := range tt.steps {
				if err := s(e); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
			snap := e.tr.Snapshot()
			i := slices.IndexFunc(snap.Regions, func(r RegionInfo) bool { return r.Region == tt.region })
			if i < 0 {
				t.Fatalf("region %s missing from %+v", tt.region, snap.Regions)
			}
			h := snap.Regions[i].Health
			if h.Status != tt.want {
				t.Errorf("status = %s, want %s", h.Status, tt.want)
			}
			if tt.wantSeen < 0 {
				if !h.LastSeen.IsZero() {
					t.Errorf("LastSeen = %v, want zero", h.LastSeen)
				}
			} else if want := t0.Add(tt.wantSeen); !h.LastSeen.Equal(want) {
				t.Errorf("LastSeen = %v, want %v", h.LastSeen, want)
			}
			if got := len(e.rec.Lines()); got != tt.wantEvents {
				t.Errorf("%d events, want %d: %q", got, tt.wantEvents, e.rec.Lines())
			}
		})
	}
}

func TestHealthSince(t *testing.T) {
	e := newEnv(t, "")
	_ = e.tr.KeepaliveAck(west)
	e.clk.Advance(time.Minute)
	h := e.tr.Snapshot().Regions[1].Health
	if want := t0.Add(DefaultDownAfter); !h.Since.Equal(want) || h.Status != HealthDown {
		t.Errorf("health = %+v, want down since %v", h, want)
	}
	// One timer at a time per region, whatever the ACK rate.
	for range 100 {
		_ = e.tr.KeepaliveAck(east)
		e.clk.Advance(100 * time.Millisecond)
	}
	if n := e.clk.Pending(); n != 1 {
		t.Errorf("%d timers pending, want 1", n)
	}
}

func TestStatusForSignal(t *testing.T) {
	for ev, want := range map[string]HealthStatus{
		"webSocket::connection_gain":         HealthHealthy,
		"agent::websocket_connection_gained": HealthHealthy,
		"webSocket::connection_lost":         HealthDegraded,
		"agent::websocket_connection_lost":   HealthDegraded,
		"webSocket::init_failure":            HealthDown,
	} {
		if got, err := StatusForSignal(ev); err != nil || got != want {
			t.Errorf("StatusForSignal(%q) = %s, %v; want %s", ev, got, err, want)
		}
	}
}

// A region whose CCP never answers the page (its frame refused, never loaded, the agent not set
// up there) goes degraded, then down, with ProblemNoAnswer; its first ACK clears it, and every
// page start waits for the answers again.
func TestNoAnswerSincePageStart(t *testing.T) {
	e := newEnv(t, "")
	type want struct {
		status  HealthStatus
		problem string
	}
	check := func(label string, r string, w want) {
		t.Helper()
		snap := e.tr.Snapshot()
		i := slices.IndexFunc(snap.Regions, func(x RegionInfo) bool { return x.Region == r })
		if h := snap.Regions[i].Health; h.Status != w.status || h.Problem != w.problem {
			t.Errorf("%s: %s health = %s/%q, want %s/%q", label, r, h.Status, h.Problem, w.status, w.problem)
		}
	}
	// East answers every second, west never does.
	tick := func(d time.Duration) {
		for range int(d / time.Second) {
			_ = e.tr.KeepaliveAck(east)
			e.clk.Advance(time.Second)
		}
	}
	if err := e.tr.CCPStarting(); err != nil {
		t.Fatal(err)
	}
	check("page start", west, want{HealthUnknown, ""})
	tick(DefaultStaleAfter - time.Second)
	check("within the grace", west, want{HealthUnknown, ""})
	tick(time.Second)
	check("no answer", west, want{HealthDegraded, ProblemNoAnswer})
	check("no answer", east, want{HealthHealthy, ""})
	tick(DefaultDownAfter - DefaultStaleAfter)
	check("still no answer", west, want{HealthDown, ProblemNoAnswer})
	events := len(e.rec.Lines())

	_ = e.tr.KeepaliveAck(west)
	check("first answer", west, want{HealthHealthy, ""})
	if got := len(e.rec.Lines()); got != events+1 {
		t.Errorf("the answer emitted %d events, want 1", got-events)
	}

	// A reload: the new page's CCPs must answer again; silence after answering has no problem.
	_ = e.tr.CCPStarting()
	check("reload", west, want{HealthUnknown, ""})
	_ = e.tr.KeepaliveAck(west)
	e.clk.Advance(DefaultStaleAfter)
	check("silent after answering", west, want{HealthDegraded, ""})
	_ = e.tr.CCPStarting()
	e.clk.Advance(DefaultStaleAfter)
	check("the next page gets no answer", west, want{HealthDegraded, ProblemNoAnswer})
	if n := e.clk.Pending(); n > 2 {
		t.Errorf("%d timers pending, want at most one per region", n)
	}
}
