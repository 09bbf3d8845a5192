package region

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"
)

const (
	east = "us-east-1"
	west = "us-west-2"
)

var testRegions = []Endpoint{
	{Region: east, CCPURL: "https://east.example.test:8443/ccp-v2/"},
	{Region: west, CCPURL: "https://west.example.test:9443/ccp-v2/"},
}

type env struct {
	tr       *Tracker
	clk      *fakeClock
	rec      *recorder
	mu       sync.Mutex // hooks run outside the tracker's lock
	switches []string
}

func newEnv(t *testing.T, dir string) *env {
	t.Helper()
	e := &env{clk: newFakeClock(), rec: &recorder{}}
	tr, err := New(Options{Regions: testRegions, Dir: dir, Clock: e.clk, Emitter: e.rec})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tr.OnRegionSwitch(func(o, n string) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.switches = append(e.switches, o+">"+n)
	})
	t.Cleanup(tr.Close)
	e.tr = tr
	return e
}

// step is one input from the frontend (or the passing of time).
type step func(e *env) error

func initd(r string) step        { return func(e *env) error { return e.tr.Initialized(r) } }
func detected(r string) step     { return func(e *env) error { return e.tr.FailoverDetected(r) } }
func completed(r, u string) step { return func(e *env) error { return e.tr.FailoverCompleted(r, u) } }
func cfgErr(m string) step       { return func(e *env) error { return e.tr.ConfigureError(m) } }
func starting() step             { return func(e *env) error { return e.tr.CCPStarting() } }
func advance(d time.Duration) step {
	return func(e *env) error { e.clk.Advance(d); return nil }
}
func pending(r string, ids ...string) step {
	return func(e *env) error { return e.tr.FailoverPending(r, ids) }
}

// contacts takes "id region state" triples.
func contacts(cs ...string) step {
	return func(e *env) error {
		var list []Contact
		for _, c := range cs {
			var id, r, s string
			if _, err := fmt.Sscanf(c, "%s %s %s", &id, &r, &s); err != nil {
				return err
			}
			list = append(list, Contact{ID: id, Region: r, State: s})
		}
		return e.tr.ContactsChanged(list)
	}
}

func TestFailoverScenarios(t *testing.T) {
	tests := []struct {
		name       string
		steps      []step
		wantEvents []string
		wantPhase  Phase
		wantActive string
		wantSwitch []string
	}{
		{
			name:       "init makes the region active",
			steps:      []step{starting(), initd(east)},
			wantEvents: []string{"region:changed active us-east-1"},
			wantPhase:  PhaseActive, wantActive: east,
		},
		{
			name:  "failover with no contact completes at once and decays",
			steps: []step{initd(east), detected(west), completed(west, ""), advance(9 * time.Second)},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name:  "completed decays to active after CompletedFor",
			steps: []step{initd(east), detected(west), completed(west, ""), advance(DefaultCompletedFor)},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
				"region:changed active us-west-2",
			},
			wantPhase: PhaseActive, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "failover with an active call waits until it is cleared",
			steps: []step{
				initd(east), contacts("c1 us-east-1 connected"), detected(west), pending(west, "c1"),
				contacts("c1 us-east-1 connected"), // no change: no event
				contacts("c1 us-east-1 acw"), contacts(), completed(west, ""),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/connected",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/acw",
				"region:changed failover_pending us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "pending without contact IDs waits for the active region's contacts",
			steps: []step{
				initd(east), contacts("c1 us-east-1 connected", "c9 us-west-2 connected"), pending(west),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/connected",
			},
			wantPhase: PhaseFailoverPending, wantActive: east,
		},
		{
			name: "failback",
			steps: []step{
				initd(east), detected(west), completed(west, ""), advance(time.Minute),
				detected(east), completed(east, ""), advance(time.Minute),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
				"region:changed active us-west-2",
				"region:changed failover_detected us-west-2→us-east-1",
				"region:changed failover_completed us-east-1",
				"region:switched us-west-2>us-east-1",
				"region:changed active us-east-1",
			},
			wantPhase: PhaseActive, wantActive: east,
			wantSwitch: []string{"us-east-1>us-west-2", "us-west-2>us-east-1"},
		},
		{
			name: "failover while a contact rings",
			steps: []step{
				initd(east), contacts("c2 us-east-1 incoming"), detected(west), completed(west, ""),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name:  "completed names the region by the CCP origin",
			steps: []step{initd(east), completed("", "https://west.example.test:9443")},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "configure error before init stays until the next page start",
			steps: []step{
				starting(), cfgErr("secondary instance is not replicated"), initd(east), starting(),
			},
			wantEvents: []string{
				"region:changed configure_error ",
				"region:changed configure_error us-east-1",
				"region:changed active us-east-1",
			},
			wantPhase: PhaseActive, wantActive: east,
		},
		{
			name:       "configure error without Global Resiliency (Streams never inits a region)",
			steps:      []step{starting(), cfgErr("enableGlobalResiliency flag was enabled, but secondaryCCPUrl was not provided")},
			wantEvents: []string{"region:changed configure_error "},
			wantPhase:  PhaseConfigureError,
		},
		{
			name: "page reloaded mid-failover keeps pending",
			steps: []step{
				initd(east), contacts("c1 us-east-1 acw"), detected(west), pending(west, "c1"),
				starting(), initd(east), detected(west), pending(west, "c1"),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/acw",
			},
			wantPhase: PhaseFailoverPending, wantActive: east,
		},
		{
			name: "page reloaded after the failover finished",
			steps: []step{
				initd(east), detected(west), pending(west, "c1"), starting(), initd(west),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "late duplicate detected after completion is ignored",
			steps: []step{
				initd(east), detected(west), completed(west, ""), detected(west), pending(west),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
			},
			wantPhase: PhaseFailoverCompleted, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "a new failover cancels the completed decay",
			steps: []step{
				initd(east), detected(west), completed(west, ""), advance(time.Second),
				detected(east), advance(time.Minute),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_completed us-west-2",
				"region:switched us-east-1>us-west-2",
				"region:changed failover_detected us-west-2→us-east-1",
			},
			wantPhase: PhaseFailoverDetected, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
		},
		{
			name: "failback while pending cancels the failover",
			steps: []step{
				initd(east), contacts("c1 us-east-1 connected"), detected(west), pending(west, "c1"), detected(east),
			},
			wantEvents: []string{
				"region:changed active us-east-1",
				"region:changed failover_detected us-east-1→us-west-2",
				"region:changed failover_pending us-east-1→us-west-2 wait=c1/connected",
				"region:changed active us-east-1",
			},
			wantPhase: PhaseActive, wantActive: east,
		},
		{
			name:       "pending back to the active region cancels too",
			steps:      []step{initd(east), detected(west), pending(east)},
			wantEvents: []string{"region:changed active us-east-1", "region:changed failover_detected us-east-1→us-west-2", "region:changed active us-east-1"},
			wantPhase:  PhaseActive, wantActive: east,
		},
		{
			name:       "init with another region than the known one is a switch",
			steps:      []step{initd(east), starting(), initd(west)},
			wantEvents: []string{"region:changed active us-east-1", "region:changed active us-west-2", "region:switched us-east-1>us-west-2"},
			wantPhase:  PhaseActive, wantActive: west, wantSwitch: []string{"us-east-1>us-west-2"},
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
			if got := e.rec.Lines(); !slices.Equal(got, tt.wantEvents) {
				t.Errorf("events:\n got %q\nwant %q", got, tt.wantEvents)
			}
			s := e.tr.Snapshot()
			if s.Phase != tt.wantPhase || s.ActiveRegion != tt.wantActive {
				t.Errorf("phase, active = %s, %q; want %s, %q", s.Phase, s.ActiveRegion, tt.wantPhase, tt.wantActive)
			}
			if !slices.Equal(e.switches, tt.wantSwitch) {
				t.Errorf("switch hooks = %q, want %q", e.switches, tt.wantSwitch)
			}
		})
	}
}

func TestSnapshotDetails(t *testing.T) {
	e := newEnv(t, "")
	steps := []step{initd(east), contacts("c1 us-east-1 connected"), advance(time.Second), detected(west), advance(time.Second), pending(west, "c1", "c1", "")}
	for i, s := range steps {
		if err := s(e); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	s := e.tr.Snapshot()
	if want := t0.Add(time.Second); !s.DetectedAt.Equal(want) {
		t.Errorf("DetectedAt = %v, want %v", s.DetectedAt, want)
	}
	if want := t0.Add(2 * time.Second); !s.ChangedAt.Equal(want) {
		t.Errorf("ChangedAt = %v, want %v", s.ChangedAt, want)
	}
	if want := []Contact{{ID: "c1", Region: east, State: "connected"}}; !slices.Equal(s.WaitingFor, want) {
		t.Errorf("WaitingFor = %v, want %v", s.WaitingFor, want)
	}
	if s.Version != 3 {
		t.Errorf("Version = %d, want 3", s.Version)
	}
	if len(s.Regions) != 2 || s.Regions[0].Role != "primary" || !s.Regions[0].Active || s.Regions[1].Role != "secondary" || s.Regions[1].Active {
		t.Errorf("Regions = %+v", s.Regions)
	}
	if err := e.tr.FailoverCompleted(west, ""); err != nil {
		t.Fatal(err)
	}
	s = e.tr.Snapshot()
	if !s.CompletedAt.Equal(t0.Add(2*time.Second)) || !s.DetectedAt.IsZero() || s.TargetRegion != "" || len(s.WaitingFor) != 0 {
		t.Errorf("after completion: %+v", s)
	}
}

func TestUnconfiguredRegionWarns(t *testing.T) {
	e := newEnv(t, "")
	if err := e.tr.Initialized("eu-central-1"); err != nil {
		t.Fatal(err)
	}
	s := e.tr.Snapshot()
	if s.Warning == "" {
		t.Error("no warning for an unconfigured active region")
	}
	if n := len(s.Regions); n != 3 || s.Regions[2].Region != "eu-central-1" || s.Regions[2].Role != "" || !s.Regions[2].Active {
		t.Errorf("Regions = %+v", s.Regions)
	}
}

func TestInvalidInputs(t *testing.T) {
	e := newEnv(t, "")
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"init empty", func() error { return e.tr.Initialized("") }, ErrInvalidRegion},
		{"init junk", func() error { return e.tr.Initialized("us-east-1\n{\"x\"}") }, ErrInvalidRegion},
		{"detected", func() error { return e.tr.FailoverDetected("WEST") }, ErrInvalidRegion},
		{"pending", func() error { return e.tr.FailoverPending("", nil) }, ErrInvalidRegion},
		{"completed no region no url", func() error { return e.tr.FailoverCompleted("", "") }, ErrMissingRegion},
		{"completed unknown origin", func() error { return e.tr.FailoverCompleted("", "https://other.test") }, ErrMissingRegion},
		{"health status", func() error { return e.tr.Health(east, "great") }, ErrInvalidHealth},
		{"health region", func() error { return e.tr.Health("x", "healthy") }, ErrInvalidRegion},
		{"signal", func() error { return e.tr.HealthSignal(east, "agent::refresh") }, ErrUnknownSignal},
		{"configure three", func() error {
			return e.tr.Configure([]Endpoint{{Region: east}, {Region: west}, {Region: "eu-west-1"}})
		}, ErrInvalidConfig},
		{"configure same", func() error { return e.tr.Configure([]Endpoint{{Region: east}, {Region: east}}) }, ErrInvalidConfig},
		{"configure same origin", func() error {
			return e.tr.Configure([]Endpoint{{Region: east, CCPURL: "https://a.test/x"}, {Region: west, CCPURL: "https://a.test/y"}})
		}, ErrInvalidConfig},
		{"configure relative url", func() error { return e.tr.Configure([]Endpoint{{Region: east, CCPURL: "/ccp"}}) }, ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if got := e.rec.Lines(); len(got) != 0 {
		t.Errorf("invalid inputs emitted %q", got)
	}
	if _, err := New(Options{StaleAfter: time.Minute, DownAfter: time.Second}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("New with DownAfter < StaleAfter: got %v, want ErrInvalidConfig", err)
	}
}

func TestConfigureErrorBounded(t *testing.T) {
	e := newEnv(t, "")
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'x'
	}
	if err := e.tr.ConfigureError(string(long)); err != nil {
		t.Fatal(err)
	}
	if got := len([]rune(e.tr.Snapshot().ConfigureError.Message)); got != maxErrorLen+1 {
		t.Errorf("message length %d runes, want %d", got, maxErrorLen+1)
	}
	if err := e.tr.ConfigureError(strings.Repeat("é", 2*maxErrorLen)); err != nil {
		t.Fatal(err)
	}
	if m := e.tr.Snapshot().ConfigureError.Message; !utf8.ValidString(m) {
		t.Errorf("truncation split a rune: %q", m[len(m)-6:])
	}
	if err := e.tr.ConfigureError("  "); err != nil {
		t.Fatal(err)
	}
	if e.tr.Snapshot().ConfigureError.Message == "" {
		t.Error("empty configure error message kept empty")
	}
}

func TestVisibleContacts(t *testing.T) {
	e := newEnv(t, "")
	all := []Contact{{ID: "a", Region: east}, {ID: "b", Region: west}, {ID: "c"}}
	if got := e.tr.VisibleContacts(all); len(got) != 3 {
		t.Errorf("before init: %v, want all", got)
	}
	for _, s := range []step{initd(east), detected(west), completed(west, "")} {
		if err := s(e); err != nil {
			t.Fatal(err)
		}
	}
	want := []Contact{{ID: "b", Region: west}, {ID: "c"}}
	if got := e.tr.VisibleContacts(all); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFilterActive(t *testing.T) {
	all := []Contact{{ID: "a", Region: east}, {ID: "b", Region: west}, {ID: "c"}}
	tests := []struct {
		active string
		want   []string
	}{
		{"", []string{"a", "b", "c"}},
		{east, []string{"a", "c"}},
		{west, []string{"b", "c"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range FilterActive(all, tt.active) {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("FilterActive(%q) = %v, want %v", tt.active, got, tt.want)
		}
	}
	if got := FilterActive(nil, east); got == nil || len(got) != 0 {
		t.Errorf("FilterActive(nil) = %#v, want empty non-nil", got)
	}
}

func TestConcurrentInputs(t *testing.T) {
	e := newEnv(t, t.TempDir())
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := []string{east, west}[i%2]
			_ = e.tr.Initialized(r)
			_ = e.tr.FailoverDetected(r)
			_ = e.tr.KeepaliveAck(r)
			_ = e.tr.ContactsChanged([]Contact{{ID: fmt.Sprint(i), Region: r}})
			_ = e.tr.FailoverPending(r, nil)
			_ = e.tr.FailoverCompleted(r, "")
			_ = e.tr.Snapshot()
			e.clk.Advance(time.Second)
		}()
	}
	wg.Wait()
	// Every EventChanged carries a strictly larger version, in emission order.
	var last uint64
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	for _, p := range e.rec.events {
		if s, ok := p.(Snapshot); ok {
			if s.Version <= last {
				t.Fatalf("version %d after %d: events out of order", s.Version, last)
			}
			last = s.Version
		}
	}
}

func TestClosed(t *testing.T) {
	e := newEnv(t, "")
	if err := e.tr.FailoverDetected(west); err != nil {
		t.Fatal(err)
	}
	if err := e.tr.FailoverCompleted(west, ""); err != nil {
		t.Fatal(err)
	}
	e.tr.Close()
	if err := e.tr.Initialized(east); !errors.Is(err, ErrTrackerClosed) {
		t.Errorf("got %v, want ErrTrackerClosed", err)
	}
	if n := e.clk.Pending(); n != 0 {
		t.Errorf("%d timers still pending after Close", n)
	}
}

func TestLogsAreTaggedWithRegion(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	tr, err := New(Options{Regions: testRegions, Clock: newFakeClock(), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	for _, f := range []func() error{
		func() error { return tr.Initialized(east) },
		func() error { return tr.FailoverDetected(west) },
		func() error { return tr.FailoverCompleted(west, "") },
		func() error { return tr.KeepaliveAck(east) },
	} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["component"] != "region" || rec["region"] == nil {
			t.Errorf("log line lacks component or region: %s", line)
		}
		msgs = append(msgs, fmt.Sprint(rec["message"], " ", rec["region"]))
	}
	want := []string{
		"global resiliency phase us-east-1", "global resiliency phase us-east-1",
		"global resiliency phase us-west-2", "active region switched us-west-2", "region health us-east-1",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("logs:\n got %q\nwant %q", msgs, want)
	}
}

func TestSnapshotJSON(t *testing.T) {
	e := newEnv(t, "")
	if err := e.tr.Initialized(east); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(e.tr.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"activeRegion":"us-east-1"`, `"phase":"active"`, `"waitingFor":[]`, `"regions":[{"region":"us-east-1"`, `"status":"unknown"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("%s lacks %s", b, k)
		}
	}
	for _, k := range []string{"completedAt", "detectedAt", "configureError", "targetRegion", "lastSeen"} {
		if strings.Contains(string(b), k) {
			t.Errorf("%s has the empty field %s", b, k)
		}
	}
}
