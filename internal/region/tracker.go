// Package region tracks the agent's Amazon Connect Global Resiliency state: the configured
// regions, the active one, failovers (detected → pending → completed), configuration errors
// and each region's connection health. The frontend forwards what Streams reports; the
// tracker adds what Streams does not keep: the contacts a pending failover waits for, the
// last active region across restarts, health from keepalive silence, and a hook to reset
// region-specific caches. It never reloads anything: Amazon warns that reloads during a
// failover cause loss of service.
package region

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Defaults for Options.
const (
	DefaultCompletedFor = 10 * time.Second
	// Streams sends a keepalive SYN about every second while the CCP answers, so 10 s of
	// silence is unusual and 30 s means the CCP is gone.
	DefaultStaleAfter = 10 * time.Second
	DefaultDownAfter  = 30 * time.Second
)

// maxErrorLen bounds a configure error message kept and shown.
const maxErrorLen = 500

// Options configure a Tracker. Zero values mean the defaults.
type Options struct {
	// Regions are the configured instances, primary first (at most two).
	Regions []Endpoint
	// Dir keeps the last active region across restarts; "" disables persistence.
	Dir     string
	Clock   Clock
	Emitter Emitter
	Log     *zerolog.Logger
	// CompletedFor is how long failover_completed shows before it decays to active.
	CompletedFor time.Duration
	// StaleAfter and DownAfter: keepalive silence after which a region is degraded / down.
	StaleAfter time.Duration
	DownAfter  time.Duration
}

// Tracker is the single source of truth for region state. It is safe for concurrent use.
type Tracker struct {
	clock        Clock
	emit         Emitter
	log          zerolog.Logger
	dir          string
	completedFor time.Duration
	staleAfter   time.Duration
	downAfter    time.Duration

	mu         sync.Mutex
	closed     bool
	regions    []Endpoint
	active     string
	restored   bool
	saved      string // region last written to the state file
	phase      Phase  // failover life cycle; configure errors are layered on top in Snapshot
	target     string
	waiting    []string // contact IDs a pending failover waits for
	contacts   []Contact
	detectedAt time.Time
	doneAt     time.Time
	configErr  *ConfigError
	warning    string
	stateErr   string
	changedAt  time.Time
	version    uint64
	decay      Timer
	decaySeq   uint64
	health     map[string]*healthState
	hooks      []func(oldRegion, newRegion string)
}

// New returns a tracker in PhaseUnknown, with the last active region restored from
// Options.Dir if there is one. A corrupt state file is reported in the snapshot and ignored.
func New(o Options) (*Tracker, error) {
	if err := checkEndpoints(o.Regions); err != nil {
		return nil, err
	}
	t := &Tracker{
		clock: o.Clock, emit: o.Emitter, log: zerolog.Nop(), dir: o.Dir,
		completedFor: o.CompletedFor, staleAfter: o.StaleAfter, downAfter: o.DownAfter,
		regions: slices.Clone(o.Regions), phase: PhaseUnknown, health: map[string]*healthState{},
	}
	if t.clock == nil {
		t.clock = SystemClock()
	}
	if t.emit == nil {
		t.emit = discard{}
	}
	if o.Log != nil {
		t.log = o.Log.With().Str("component", "region").Logger()
	}
	if t.completedFor <= 0 {
		t.completedFor = DefaultCompletedFor
	}
	if t.staleAfter <= 0 {
		t.staleAfter = DefaultStaleAfter
	}
	if t.downAfter <= 0 {
		t.downAfter = DefaultDownAfter
	}
	if t.downAfter < t.staleAfter {
		return nil, fmt.Errorf("%w: DownAfter %v is shorter than StaleAfter %v", ErrInvalidConfig, t.downAfter, t.staleAfter)
	}
	if t.dir != "" {
		t.restore()
	}
	return t, nil
}

type discard struct{}

func (discard) Emit(string, any) {}

func checkEndpoints(eps []Endpoint) error {
	if len(eps) > 2 {
		return fmt.Errorf("%w: %d regions, at most 2 (primary, secondary)", ErrInvalidConfig, len(eps))
	}
	for i, e := range eps {
		if err := checkRegion(e.Region); err != nil {
			return fmt.Errorf("%w: regions[%d]: %w", ErrInvalidConfig, i, err)
		}
		if e.CCPURL != "" && origin(e.CCPURL) == "" {
			return fmt.Errorf("%w: regions[%d]: CCP URL is not an absolute URL", ErrInvalidConfig, i)
		}
	}
	if len(eps) == 2 {
		if eps[0].Region == eps[1].Region {
			return fmt.Errorf("%w: the two regions must differ", ErrInvalidConfig)
		}
		if eps[0].CCPURL != "" && origin(eps[0].CCPURL) == origin(eps[1].CCPURL) {
			return fmt.Errorf("%w: the two CCP URLs must have different origins", ErrInvalidConfig)
		}
	}
	return nil
}

// origin returns scheme://host[:port], which is how Streams names a CCP (activeCcpUrl).
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func (t *Tracker) restore() {
	s, err := loadState(t.dir)
	if err != nil {
		t.stateErr = "ignored the saved region: " + err.Error()
		t.log.Warn().Err(err).Msg("region state file ignored")
		return
	}
	if s.ActiveRegion == "" {
		return
	}
	t.saved = s.ActiveRegion
	if len(t.regions) > 0 && !t.configuredLocked(s.ActiveRegion) {
		t.log.Info().Str("region", s.ActiveRegion).Msg("saved region is no longer configured")
		return
	}
	t.active, t.restored = s.ActiveRegion, true
}

// OnRegionSwitch registers f, called (outside the tracker's lock, in registration order)
// after the active region changed from one known region to another, so the app can drop
// region-specific caches and refetch them.
func (t *Tracker) OnRegionSwitch(f func(oldRegion, newRegion string)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hooks = append(t.hooks, f)
}

// Close stops the tracker's timers; later inputs return ErrTrackerClosed.
func (t *Tracker) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	if t.decay != nil {
		t.decay.Stop()
	}
	for _, h := range t.health {
		if h.timer != nil {
			h.timer.Stop()
		}
	}
}

// outcome is what an input changed.
type outcome struct {
	changed bool
	sw      *Switch
}

// update runs f under the lock. If f changed anything it emits EventChanged (and
// EventSwitched) before releasing the lock, so events leave in the order of the changes;
// switch hooks run after the lock is released.
func (t *Tracker) update(f func(now time.Time) (outcome, error)) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return ErrTrackerClosed
	}
	now := t.clock.Now()
	phase, target := t.phase, t.target
	out, err := f(now)
	if err != nil {
		t.mu.Unlock()
		return err
	}
	if t.phase != phase || t.target != target {
		t.log.Info().Str("region", t.active).Str("phase", string(t.phase)).Str("target_region", t.target).
			Int("waiting_contacts", len(t.waiting)).Msg("global resiliency phase")
	}
	var hooks []func(string, string)
	if out.changed || out.sw != nil {
		t.version++
		t.changedAt = now
		t.emit.Emit(EventChanged, t.snapshotLocked())
	}
	if out.sw != nil {
		t.log.Info().Str("region", out.sw.To).Str("from_region", out.sw.From).Msg("active region switched")
		t.emit.Emit(EventSwitched, *out.sw)
		hooks = slices.Clone(t.hooks)
	}
	t.mu.Unlock()
	for _, h := range hooks {
		h(out.sw.From, out.sw.To)
	}
	return nil
}

// Configure replaces the configured regions (primary first), e.g. once the sandbox knows its URLs.
func (t *Tracker) Configure(regions []Endpoint) error {
	if err := checkEndpoints(regions); err != nil {
		return err
	}
	return t.update(func(time.Time) (outcome, error) {
		t.regions = slices.Clone(regions)
		if t.restored && !t.configuredLocked(t.active) {
			t.active, t.restored = "", false
		}
		t.refreshWarningLocked()
		return outcome{changed: true}, nil
	})
}

func (t *Tracker) configuredLocked(region string) bool {
	return slices.ContainsFunc(t.regions, func(e Endpoint) bool { return e.Region == region })
}

func (t *Tracker) refreshWarningLocked() {
	t.warning = ""
	if t.active != "" && len(t.regions) > 0 && !t.configuredLocked(t.active) {
		t.warning = fmt.Sprintf("Streams reports active region %s, which is not in the configured regions", t.active)
	}
}
