package logparse

import (
	"slices"
	"strings"
	"time"
)

// Options tune the analysis.
type Options struct {
	SnapshotGap   time.Duration // longer without a snapshot is a gap (default 30 s; Streams long-polls every ≤20 s)
	SkewWarn      time.Duration // |skew| above this is flagged (default 5 s)
	MaxErrors     int           // ERROR lines kept verbatim (default 200; all are counted)
	EncryptionKey []byte        // for encrypted ccpdesk segments
}

func (o *Options) setDefaults() {
	if o.SnapshotGap <= 0 {
		o.SnapshotGap = 30 * time.Second
	}
	if o.SkewWarn <= 0 {
		o.SkewWarn = 5 * time.Second
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 200
	}
}

// Analyzer accumulates entries into a Timeline. Entries should arrive in
// time order per region (as logs are written); files may be interleaved.
type Analyzer struct {
	opts     Options
	tl       Timeline
	lastName map[string]string    // region → agent state name
	lastSnap map[string]time.Time // region → last snapshot time
	contacts map[string]*Contact
	present  map[streamKey]map[string]bool // snapshot stream → contact ids in its last snapshot
	spare    map[string]bool               // recycled set for the next snapshot
	names    map[string]string             // interned names
	pending  map[callKey]*queue            // request times of calls not yet answered
	last     [5]string                     // the last interned level, component, region, source, loggerId
}

// Keys of structs of interned strings: looking them up with strings that view the read buffer allocates
// nothing, where concatenated keys cost an allocation per entry.
type streamKey struct{ region, loggerID string }
type callKey struct{ region, op string }

// queue is a FIFO of request times; it keeps its array once empty, so a steady call rate allocates nothing.
type queue struct {
	times []time.Time
	head  int
}

// NewAnalyzer returns an empty Analyzer.
func NewAnalyzer(opts Options) *Analyzer {
	opts.setDefaults()
	return &Analyzer{opts: opts, tl: Timeline{Levels: map[string]int{}}, lastName: map[string]string{},
		lastSnap: map[string]time.Time{}, contacts: map[string]*Contact{}, present: map[streamKey]map[string]bool{}, spare: map[string]bool{}, names: map[string]string{},
		pending: map[callKey]*queue{}}
}

const (
	snapshotText = "GET_AGENT_SNAPSHOT succeeded."
	callPrefix   = "AWSClient: --> Calling operation '"
	donePrefix   = "AWSClient: <-- Operation "
	gapPrefix    = "ccpdesk log gap:"
)

// Add folds one entry into the timeline.
func (a *Analyzer) Add(e *Entry) {
	tl := &a.tl
	// Short fields may view the read buffer: intern them before keeping them.
	e.Level, e.Component, e.Region, e.Source = a.internLast(0, e.Level), a.internLast(1, e.Component), a.internLast(2, e.Region), a.internLast(3, e.Source)
	tl.Entries++
	if tl.Start.IsZero() || e.Time.Before(tl.Start) {
		tl.Start = e.Time
	}
	if e.Time.After(tl.End) {
		tl.End = e.Time
	}
	tl.Levels[e.Level]++
	t := e.Text
	switch {
	case t == snapshotText:
		a.snapshot(e)
	case strings.HasPrefix(t, callPrefix):
		if op, ok := quoted(t[len(callPrefix)-1:]); ok {
			a.request(e.Region, op, e.Time)
		}
	case strings.HasPrefix(t, donePrefix):
		a.apiDone(e)
	case t == "Sending heartbeat":
		a.request(e.Region, "WebSocket heartbeat", e.Time)
	case t == "Heartbeat response received":
		a.finishCall(e, "WebSocket heartbeat", true, "")
	case strings.HasPrefix(t, gapPrefix):
		tl.LogGaps = append(tl.LogGaps, LogGap{Time: e.Time, Text: strings.Clone(t)})
	}
	if strings.Contains(t, "Softphone error occurred") || (e.Component == "softphone" && strings.Contains(t, "error")) {
		a.softphoneError(e)
	}
	if strings.Contains(t, "Softphone call detected:") {
		if id := afterWord(t, "contactId "); id != "" {
			a.contact(id, e).Softphone = true
		}
	}
	if e.Level == "ERROR" || e.Level == "CRITICAL" {
		tl.ErrorCount++
		if len(tl.Errors) < a.opts.MaxErrors {
			tl.Errors = append(tl.Errors, Notable{Time: e.Time, Region: e.Region, Level: e.Level, Text: strings.Clone(clip(t, 500))})
		}
	}
}

func (a *Analyzer) apiDone(e *Entry) {
	rest := e.Text[len(donePrefix):]
	op, ok := quoted(rest)
	if !ok { // "Operation X failed with Y error. Retrying…" / "exhausted max…"
		op, _, _ = strings.Cut(rest, " ")
	}
	switch {
	case strings.Contains(rest, "' succeeded"):
		a.finishCall(e, op, true, "")
	case strings.Contains(rest, " failed"):
		_, msg, _ := strings.Cut(rest, " failed")
		a.finishCall(e, op, false, clip(strings.TrimLeft(msg, ": "), 300))
	case strings.Contains(rest, " exhausted"):
		a.finishCall(e, op, false, clip(rest[len(op):], 300))
	}
}

// request queues a call's request time; op may view the read buffer.
func (a *Analyzer) request(region, op string, t time.Time) {
	q := a.pending[callKey{region, op}]
	if q == nil {
		q = &queue{}
		a.pending[callKey{region, a.intern(op)}] = q
	}
	if q.head == len(q.times) {
		q.times, q.head = q.times[:0], 0
	}
	q.times = append(q.times, t)
}

func (a *Analyzer) finishCall(e *Entry, op string, ok bool, errText string) {
	lat := -1.0
	if q := a.pending[callKey{e.Region, op}]; q != nil && q.head < len(q.times) {
		lat = float64(e.Time.Sub(q.times[q.head]).Microseconds()) / 1000
		q.head++
	}
	c := APICall{Time: e.Time, Region: e.Region, Op: a.intern(op), LatencyMs: lat, OK: ok, Error: strings.Clone(errText)}
	a.tl.calls = append(a.tl.calls, c)
	if !ok {
		a.tl.APIFailures = append(a.tl.APIFailures, c)
	}
}

// snapshot folds the snapshots in a GET_AGENT_SNAPSHOT entry's objects. The
// values it reads are views of the read buffer: they are cloned (or interned)
// only when kept.
func (a *Analyzer) snapshot(e *Entry) {
	x := e.idx
	_ = iterArray(x, e.Objects, func(obj []byte) error {
		snap := field(x, obj, "snapshot")
		if snap == nil {
			return nil
		}
		a.tl.Snapshots++
		region := e.Region
		if prev, ok := a.lastSnap[region]; ok && e.Time.Sub(prev) > a.opts.SnapshotGap {
			a.tl.SnapshotGaps = append(a.tl.SnapshotGaps, SnapshotGap{From: prev, To: e.Time, Region: region, Seconds: e.Time.Sub(prev).Seconds()})
		}
		a.lastSnap[region] = e.Time
		var contacts []byte
		_ = iterObject(x, snap, func(k, v []byte) error {
			switch string(k) {
			case "state":
				name, _ := strView(field(x, v, "name"))
				if name != "" && name != a.lastName[region] {
					typ, _ := str(field(x, v, "type"))
					name = strings.Clone(name)
					a.lastName[region] = name
					a.tl.AgentStates = append(a.tl.AgentStates, StateChange{Time: e.Time, Region: region, Name: name, Type: typ})
				}
			case "skew":
				if ms, ok := num(v); ok {
					a.tl.skews = append(a.tl.skews, SkewSample{Time: e.Time, Region: region, Ms: ms})
				}
			case "contacts":
				contacts = v
			}
			return nil
		})
		seen := a.spare
		clear(seen)
		_ = iterArray(x, contacts, func(cb []byte) error {
			id, _ := strView(field(x, cb, "contactId"))
			if id == "" {
				return nil
			}
			c := a.contact(id, e)
			seen[c.ID] = true
			if c.Type == "" {
				typ, _ := strView(field(x, cb, "type"))
				c.Type = a.intern(typ)
			}
			st, _ := strView(field(x, field(x, cb, "state"), "type"))
			if st != "" && (len(c.States) == 0 || c.States[len(c.States)-1].State != st) {
				c.States = append(c.States, ContactState{Time: e.Time, State: a.intern(st)})
			}
			return nil
		})
		// Contacts are tracked per snapshot stream: a page's log holds both regional CCPs' snapshots under one
		// region, and the inactive CCP's (empty) ones must not clear the active CCP's contacts.
		// (The key must not view the buffer even when it exists: assigning to a string key replaces it.)
		stream := streamKey{region, a.internLast(4, e.LoggerID)}
		prev := a.present[stream]
		for id := range prev {
			if !seen[id] {
				c := a.contacts[id]
				c.States = append(c.States, ContactState{Time: e.Time, State: "cleared"})
				c.Last = e.Time
			}
		}
		if prev == nil {
			prev = map[string]bool{}
		}
		a.spare = prev
		a.present[stream] = seen
		return nil
	})
}

// contact returns the contact id (which may view the read buffer), created at e if new.
func (a *Analyzer) contact(id string, e *Entry) *Contact {
	c := a.contacts[id]
	if c == nil {
		c = &Contact{ID: strings.Clone(id), Region: e.Region, First: e.Time}
		a.contacts[c.ID] = c
		a.tl.Contacts = append(a.tl.Contacts, c)
	}
	c.Last = e.Time
	return c
}

func (a *Analyzer) softphoneError(e *Entry) {
	s := e.Text
	if len(e.Objects) > 2 {
		s += " " + string(e.Objects)
	}
	if !strings.Contains(e.Text, "Softphone error occurred") && classifySoftphone(s).Type == "other" {
		return // a softphone line that merely mentions "error"
	}
	a.tl.SoftphoneErrors = append(a.tl.SoftphoneErrors, SoftphoneError{Time: e.Time, Region: e.Region,
		Message: strings.Clone(clip(strings.TrimSpace(e.Text), 300)), SoftphoneCause: classifySoftphone(s)})
}

// Finish computes the summaries and returns the timeline. Lists are in time
// order across all inputs.
func (a *Analyzer) Finish() *Timeline {
	tl := &a.tl
	byTime := func(x, y time.Time) int { return x.Compare(y) }
	slices.SortStableFunc(tl.AgentStates, func(x, y StateChange) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.Contacts, func(x, y *Contact) int { return byTime(x.First, y.First) })
	slices.SortStableFunc(tl.APIFailures, func(x, y APICall) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.SnapshotGaps, func(x, y SnapshotGap) int { return byTime(x.From, y.From) })
	slices.SortStableFunc(tl.SoftphoneErrors, func(x, y SoftphoneError) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.LogGaps, func(x, y LogGap) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.Errors, func(x, y Notable) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.calls, func(x, y APICall) int { return byTime(x.Time, y.Time) })
	slices.SortStableFunc(tl.skews, func(x, y SkewSample) int { return byTime(x.Time, y.Time) })
	// Per operation: counts and latencies only (copying every call per operation was a tenth of a parse).
	type opCalls struct {
		st   APIStat
		lats []float64
	}
	byOp := map[string]*opCalls{}
	for _, c := range tl.calls {
		o := byOp[c.Op]
		if o == nil {
			o = &opCalls{st: APIStat{Op: c.Op}}
			byOp[c.Op] = o
		}
		o.st.Count++
		if !c.OK {
			o.st.Failures++
		}
		if c.LatencyMs >= 0 {
			o.lats = append(o.lats, c.LatencyMs)
		}
	}
	tl.API = tl.API[:0]
	for _, o := range byOp {
		st, lats := o.st, o.lats
		if len(lats) > 0 {
			slices.Sort(lats)
			st.P50Ms = lats[len(lats)/2]
			st.P95Ms = lats[min(len(lats)-1, len(lats)*95/100)]
			st.MaxMs = lats[len(lats)-1]
		}
		tl.API = append(tl.API, st)
	}
	slices.SortFunc(tl.API, func(x, y APIStat) int { return strings.Compare(x.Op, y.Op) })
	tl.Skew = skewStats(tl.skews, a.opts.SkewWarn)
	regions := map[string][]SkewSample{}
	for _, x := range tl.skews {
		regions[x.Region] = append(regions[x.Region], x)
	}
	if len(regions) > 1 { // Global Resiliency: each region's CCP has its own skew
		for r, xs := range regions {
			st := skewStats(xs, a.opts.SkewWarn)
			st.Region = r
			tl.SkewByRegion = append(tl.SkewByRegion, st)
		}
		slices.SortFunc(tl.SkewByRegion, func(x, y SkewStats) int { return strings.Compare(x.Region, y.Region) })
	}
	return tl
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// quoted returns the text between the first pair of single quotes at s[0].
func quoted(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' {
		return "", false
	}
	end := strings.IndexByte(s[1:], '\'')
	if end < 0 {
		return "", false
	}
	return s[1 : 1+end], true
}

// afterWord returns the token following word in s.
func afterWord(s, word string) string {
	_, rest, ok := strings.Cut(s, word)
	if !ok {
		return ""
	}
	tok, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	return strings.TrimRight(tok, ",;")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// internLast is intern with a one-entry cache per field: consecutive entries mostly repeat their level,
// component, region and source.
func (a *Analyzer) internLast(f int, s string) string {
	if s == a.last[f] {
		return a.last[f]
	}
	a.last[f] = a.intern(s)
	return a.last[f]
}

// intern returns a stable copy of a (viewed) name, one allocation per name.
func (a *Analyzer) intern(s string) string {
	if v, ok := a.names[s]; ok {
		return v
	}
	v := strings.Clone(s)
	a.names[v] = v
	return v
}

func skewStats(xs []SkewSample, warn time.Duration) SkewStats {
	st := SkewStats{Samples: len(xs)}
	for i, x := range xs {
		if i == 0 || x.Ms < st.MinMs {
			st.MinMs = x.Ms
		}
		if i == 0 || x.Ms > st.MaxMs {
			st.MaxMs = x.Ms
		}
		st.MeanMs += x.Ms / float64(len(xs))
		st.MaxAbs = max(st.MaxAbs, abs(x.Ms))
	}
	if st.MaxAbs > float64(warn.Milliseconds()) {
		st.Warning = "the agent's clock differs from Amazon Connect's by more than " + warn.String() +
			": state durations and timers in the CCP will be off; enable time synchronisation (NTP) on the workstation"
	}
	return st
}
