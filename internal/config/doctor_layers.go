package config

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

// writeSources prints where every effective value came from and the refused attempts to
// change locked settings.
func writeSources(w io.Writer, c *Config) {
	l := c.Layers
	pol := "(none: " + DefaultPolicyPath() + ")"
	if l != nil && l.Policy != "" {
		pol = l.Policy
	} else if l != nil && l.PolicyPath != "" {
		pol = "(none: " + l.PolicyPath + ")"
	}
	fmt.Fprintf(w, "\nPolicy file: %s\n", pol)
	if l != nil && l.Writable {
		fmt.Fprintln(w, "  WARNING: this user can change the policy file (or its folder): its locks protect nothing. Make it writable only by administrators.")
	}
	fmt.Fprintln(w, "Where each value comes from (default < policy < user file < env < flag):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, k := range LeafKeys() {
		v, _ := Lookup(c, k)
		src := l.SourceOf(k)
		lock := ""
		if _, ok := l.Locked(k); ok {
			lock = "  [locked]"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", k, short(v), src, lock)
	}
	_ = tw.Flush()
	if l != nil && len(l.Violations) > 0 {
		fmt.Fprintln(w, "\nLocked by policy, ignored:")
		for _, v := range l.Violations {
			fmt.Fprintf(w, "  %s\n", v)
		}
	}
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if s == "null" {
		s = "[]"
	}
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// DoctorVDI prints the VDI detection and the softphone parameters the app passes to Streams.
func DoctorVDI(w io.Writer, c *Config, det vdi.Detection) {
	fmt.Fprintln(w, "\nVDI (docs/vdi.md):")
	env := string(det.Environment)
	if env == "" {
		env = "none detected"
	}
	fmt.Fprintf(w, "  detected environment: %s (in session: %t, suggested VDIPlatform: %q)\n", env, det.InSession, det.Suggested)
	if len(det.Clients) > 0 {
		cl := make([]string, len(det.Clients))
		for i, v := range det.Clients {
			cl[i] = string(v)
		}
		fmt.Fprintf(w, "  VDI clients on this machine: %s\n", strings.Join(cl, ", "))
	}
	for _, e := range det.Evidence {
		fmt.Fprintf(w, "  marker: %s (%s, %s)\n", e.Marker, e.Vendor, e.Kind)
	}
	for _, e := range det.ProbeErrors {
		fmt.Fprintf(w, "  probe failed: %s\n", e)
	}
	for _, n := range det.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	plan, err := c.SoftphonePlan(&det)
	if err != nil {
		fmt.Fprintf(w, "  softphone: %v\n", err)
		return
	}
	sp, _ := json.Marshal(plan.Softphone)
	fmt.Fprintf(w, "  mode: %s; Streams softphone parameters: %s\n", plan.Mode, sp)
	for _, n := range plan.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}
