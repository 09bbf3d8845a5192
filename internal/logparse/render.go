package logparse

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

const tsLayout = "2006-01-02 15:04:05.000"

func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

func reg(r string) string {
	if r == "" {
		return "-"
	}
	return r
}

// WriteJSON writes the timeline as indented JSON (stable field names, for
// scripts).
func (tl *Timeline) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(tl)
}

// WriteText writes a human-readable report.
func (tl *Timeline) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format, a...) }
	p("CCP log timeline (times UTC)\n")
	p("entries %d, %s → %s\n", tl.Entries, ts(tl.Start), ts(tl.End))
	for _, f := range tl.Files {
		p("  %s\t%s\t%s\t%d entries\t%d problems\n", f.Name, f.Format, reg(f.Region), f.Entries, f.Problems)
	}
	if tl.ProblemCount > 0 {
		p("\nProblems: %d (parsing continued after each)\n", tl.ProblemCount)
		for _, pr := range tl.Problems {
			p("  %s\toffset %d\t%s\n", pr.File, pr.Offset, pr.Msg)
		}
	}
	p("\nAgent states\n")
	for _, s := range tl.AgentStates {
		p("  %s\t%s\t%s\t%s\n", ts(s.Time), reg(s.Region), s.Name, s.Type)
	}
	p("\nContacts (%d)\n", len(tl.Contacts))
	for _, c := range tl.Contacts {
		var states []string
		for _, s := range c.States {
			states = append(states, s.Time.UTC().Format("15:04:05")+" "+s.State)
		}
		sp := ""
		if c.Softphone {
			sp = " softphone"
		}
		p("  %s\t%s%s\t%s\t%s\n", c.ID, c.Type, sp, reg(c.Region), strings.Join(states, " → "))
	}
	p("\nAPI calls\n  operation\tcalls\tfailed\tp50 ms\tp95 ms\tmax ms\n")
	for _, s := range tl.API {
		p("  %s\t%d\t%d\t%.0f\t%.0f\t%.0f\n", s.Op, s.Count, s.Failures, s.P50Ms, s.P95Ms, s.MaxMs)
	}
	if len(tl.APIFailures) > 0 {
		p("  failed calls:\n")
	}
	for _, c := range tl.APIFailures {
		p("  %s\t%s\t%s\t%.0f ms\t%s\n", ts(c.Time), reg(c.Region), c.Op, c.LatencyMs, c.Error)
	}
	p("\nSnapshots %d; gaps longer than the threshold: %d\n", tl.Snapshots, len(tl.SnapshotGaps))
	for _, g := range tl.SnapshotGaps {
		p("  %s\t→ %s\t%s\t%.1f s without a snapshot\n", ts(g.From), ts(g.To), reg(g.Region), g.Seconds)
	}
	if tl.Skew.Samples > 0 {
		p("\nClock skew (server − local): min %.0f ms, max %.0f ms, mean %.0f ms over %d snapshots\n",
			tl.Skew.MinMs, tl.Skew.MaxMs, tl.Skew.MeanMs, tl.Skew.Samples)
		for _, s := range tl.SkewByRegion {
			p("  %s\tmin %.0f ms\tmax %.0f ms\tmean %.0f ms\t%d snapshots\n", s.Region, s.MinMs, s.MaxMs, s.MeanMs, s.Samples)
		}
		if tl.Skew.Warning != "" {
			p("  WARNING: %s\n", tl.Skew.Warning)
		}
	}
	if len(tl.SoftphoneErrors) > 0 {
		p("\nSoftphone errors\n")
		for _, e := range tl.SoftphoneErrors {
			p("  %s\t%s\t%s\n    cause: %s\n    remedy: %s\n", ts(e.Time), reg(e.Region), e.Type, e.Cause, e.Remedy)
		}
	}
	if len(tl.LogGaps) > 0 {
		p("\nLog gaps (records ccpdesk could not store)\n")
		for _, g := range tl.LogGaps {
			p("  %s\t%s\n", ts(g.Time), g.Text)
		}
	}
	if tl.ErrorCount > 0 {
		p("\nErrors: %d (first %d)\n", tl.ErrorCount, len(tl.Errors))
		for _, e := range tl.Errors {
			p("  %s\t%s\t%s\t%s\n", ts(e.Time), reg(e.Region), e.Level, e.Text)
		}
	}
	return tw.Flush()
}
