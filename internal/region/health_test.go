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
