package bridge

import (
	"errors"
	"testing"

	"github.com/ccpdesk/ccpdesk/internal/events"
	"github.com/ccpdesk/ccpdesk/internal/region"
)

func newRegionService(t *testing.T) (*Region, *events.Recorder) {
	t.Helper()
	rec := &events.Recorder{}
	tr, err := region.New(region.Options{
		Regions: []region.Endpoint{
			{Region: "us-east-1", CCPURL: "http://127.0.0.1:1001/ccp-v2/"},
			{Region: "us-west-2", CCPURL: "http://127.0.0.1:1002/ccp-v2/"},
		},
		Dir:     t.TempDir(),
		Emitter: rec,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	return &Region{d: &Deps{Region: tr}}, rec
}

func TestRegionFailoverWithContact(t *testing.T) {
	r, rec := newRegionService(t)
	steps := []struct {
		name string
		do   func() error
		want region.Phase
	}{
		{"starting", r.CCPStarting, region.PhaseUnknown},
		{"initialized", func() error { return r.Initialized("us-east-1") }, region.PhaseActive},
		{"contacts", func() error {
			return r.ContactsChanged([]region.Contact{{ID: "c-1", Region: "us-east-1", State: "connected"}})
		}, region.PhaseActive},
		{"detected", func() error { return r.FailoverDetected("us-west-2") }, region.PhaseFailoverDetected},
		{"pending", func() error { return r.FailoverPending("us-west-2", nil) }, region.PhaseFailoverPending},
		{"acw cleared", func() error { return r.ContactsChanged(nil) }, region.PhaseFailoverPending},
		{"completed", func() error { return r.FailoverCompleted("us-west-2", "http://127.0.0.1:1002") }, region.PhaseFailoverCompleted},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		snap, err := r.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if snap.Phase != s.want {
			t.Errorf("%s: phase got %v, want %v", s.name, snap.Phase, s.want)
		}
		if s.name == "pending" && (len(snap.WaitingFor) != 1 || snap.WaitingFor[0].ID != "c-1") {
			t.Errorf("pending: waiting for got %+v, want c-1", snap.WaitingFor)
		}
	}
	sw := rec.Named(region.EventSwitched)
	if len(sw) != 1 {
		t.Fatalf("region:switched events got %d, want 1", len(sw))
	}
	if got := sw[0].Payload.(region.Switch); got.From != "us-east-1" || got.To != "us-west-2" {
		t.Errorf("switch got %+v, want us-east-1 → us-west-2", got)
	}
	if n := len(rec.Named(region.EventChanged)); n < 5 {
		t.Errorf("region:changed events got %d, want at least 5", n)
	}
}

func TestRegionHealthAndErrors(t *testing.T) {
	r, _ := newRegionService(t)
	if err := r.Initialized("us-east-1"); err != nil {
		t.Fatal(err)
	}
	if err := r.HealthSignal("us-east-1", "agent::websocket_connection_lost"); err != nil {
		t.Fatal(err)
	}
	if err := r.KeepaliveAck("us-west-2"); err != nil {
		t.Fatal(err)
	}
	snap, _ := r.Snapshot()
	got := map[string]region.HealthStatus{}
	for _, ri := range snap.Regions {
		got[ri.Region] = ri.Health.Status
	}
	if got["us-east-1"] != region.HealthDegraded || got["us-west-2"] != region.HealthHealthy {
		t.Errorf("health got %v, want us-east-1 degraded, us-west-2 healthy", got)
	}
	if err := r.ConfigureError("secondaryCCPUrl missing"); err != nil {
		t.Fatal(err)
	}
	if snap, _ := r.Snapshot(); snap.ConfigureError == nil {
		t.Errorf("configure error not in the snapshot")
	}

	for name, err := range map[string]error{
		"bad region": r.Initialized("Not A Region"),
		"bad signal": r.HealthSignal("us-east-1", "nope"),
		"bad health": r.Health("us-east-1", "great"),
	} {
		var be *Error
		if !errors.As(err, &be) || be.Code != CodeRegionInvalid {
			t.Errorf("%s: got %v, want code %s", name, err, CodeRegionInvalid)
		}
	}
}

func TestRegionNotConfigured(t *testing.T) {
	r := &Region{d: &Deps{}}
	var be *Error
	if err := r.Initialized("us-east-1"); !errors.As(err, &be) || be.Code != CodeNotAvailable {
		t.Errorf("got %v, want code %s", err, CodeNotAvailable)
	}
	if _, err := r.Snapshot(); err == nil {
		t.Errorf("Snapshot without a tracker: got nil error")
	}
}
