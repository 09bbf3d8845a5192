package ccpsim

import (
	"strings"
	"testing"
	"time"
)

// A failover that reaches the agent while a contact rings: the offer holds it pending like any
// voice contact; it completes when the offer ends without being handled (rejected, missed,
// abandoned), or after the accepted contact is cleared.
func TestFailoverWhileRinging(t *testing.T) {
	tests := []struct {
		name string
		end  func(f *fixture, id string)
		// wantRequeued: the offer goes back to the old region's queue (not to the moved agent).
		wantRequeued bool
	}{
		{"rejected", func(f *fixture, id string) { f.mustAPI("rejectContact", map[string]any{"contactId": id}) }, true},
		{"missed", func(f *fixture, id string) {
			f.clock.Advance(time.Duration(f.w.cfg.Timeouts.RingSeconds) * time.Second)
			if got := f.contactView(id).State; got != "missed" {
				f.t.Fatalf("after the ring timeout: %s, want missed", got)
			}
			if _, p, _ := f.w.AgentRegion("agent1"); p == "" {
				f.t.Fatalf("a missed offer still on the agent holds the failover")
			}
			f.clock.Advance(f.w.cfg.Timeouts.linger())
		}, true},
		{"abandoned", func(f *fixture, id string) {
			if err := f.w.CustomerDisconnect(id); err != nil {
				f.t.Fatal(err)
			}
		}, false},
		{"accepted, then cleared", func(f *fixture, id string) {
			f.mustAPI("acceptContact", map[string]any{"contactId": id})
			f.w.CustomerDisconnect(id)
			if _, p, _ := f.w.AgentRegion("agent1"); p == "" {
				f.t.Fatalf("an accepted contact in after-call work holds the failover")
			}
			f.mustAPI("clearContact", map[string]any{"contactId": id})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.available()
			var events []string
			f.w.Listen(func(n Notice) {
				if n.Kind == NoticeEvent {
					events = append(events, n.Region+" "+n.Event)
				}
			})
			id := f.contact(NewContact{Channel: "VOICE"})
			if got := f.contactView(id).State; got != "connecting" {
				t.Fatalf("offer state %s, want connecting", got)
			}
			if err := f.w.SetActiveRegion("us-west-2"); err != nil {
				t.Fatal(err)
			}
			if active, pending, _ := f.w.AgentRegion("agent1"); active != "us-east-1" || pending != "us-west-2" {
				t.Fatalf("while ringing: active %s pending %q, want us-east-1 pending us-west-2", active, pending)
			}
			tt.end(f, id)
			if active, pending, _ := f.w.AgentRegion("agent1"); active != "us-west-2" || pending != "" {
				t.Fatalf("after the offer ended: active %s pending %q, want us-west-2", active, pending)
			}
			want := "us-east-1 globalResiliency::failover_detected,us-east-1 globalResiliency::failover_pending,us-east-1 globalResiliency::failover_initiated"
			if got := strings.Join(events, ","); got != want {
				t.Fatalf("events:\n got %s\nwant %s", got, want)
			}
			st := f.w.State()
			if n := len(st.Agents[0].Contacts); n != 0 {
				t.Fatalf("the moved agent still has %d contacts: %+v", n, st.Agents[0].Contacts)
			}
			if got := len(st.Queued) == 1 && st.Queued[0].ContactID == id; got != tt.wantRequeued {
				t.Fatalf("requeued = %v (queued %+v), want %v", got, st.Queued, tt.wantRequeued)
			}
		})
	}
}
