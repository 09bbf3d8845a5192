package vdi

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Env is the machine as detection sees it. Every field may be nil: that probe is skipped.
// SystemEnv returns the real one; tests fake it.
type Env struct {
	GOOS    string
	Getenv  func(name string) string
	Environ func() []string
	// Processes lists executable names of the processes in this user's session
	// (any case, with or without .exe).
	Processes func() ([]string, error)
	// RegistryKeyExists reports whether a key such as `HKLM\SOFTWARE\Citrix\ICA Client` exists.
	RegistryKeyExists func(path string) (bool, error)
	FileExists        func(path string) bool
}

// Evidence is one marker that matched. It names what matched, never a variable's value.
type Evidence struct {
	Vendor Vendor `json:"vendor"`
	Kind   Kind   `json:"kind"`
	Source Source `json:"source"`
	Marker string `json:"marker"`
}

// Detection is the result shown in diagnostics.
type Detection struct {
	// Environment is the VDI this app runs inside ("" for none or ambiguous).
	Environment Vendor `json:"environment"`
	// InSession: a marker of the current session matched, not only an installed agent.
	InSession bool `json:"inSession"`
	// Suggested is the VDIPlatform for Environment ("" for none).
	Suggested Platform `json:"suggestedVDIPlatform"`
	// Candidates are all vendors with session or host markers, strongest first.
	Candidates []Vendor `json:"candidates"`
	// Clients are vendors whose VDI client is on this machine (a local device).
	Clients     []Vendor   `json:"clients"`
	Evidence    []Evidence `json:"evidence"`
	Notes       []string   `json:"notes"`
	ProbeErrors []string   `json:"probeErrors"`
}

// Detect looks for the markers of each VDI vendor. The strongest vendor wins; a tie means
// the markers conflict and nothing is suggested: IT has to configure VDIPlatform.
func Detect(env Env) Detection {
	p := newProber(env)
	d := Detection{Candidates: []Vendor{}, Clients: []Vendor{}, Evidence: []Evidence{}, Notes: []string{}}
	score := map[Vendor]int{}
	session := map[Vendor]bool{}
	for _, m := range markers() {
		if m.goos != "" && m.goos != env.GOOS {
			continue
		}
		what, ok := p.match(m)
		if !ok {
			continue
		}
		d.Evidence = append(d.Evidence, Evidence{Vendor: m.vendor, Kind: m.kind, Source: m.source, Marker: what})
		switch m.kind {
		case KindClient:
			if !slices.Contains(d.Clients, m.vendor) {
				d.Clients = append(d.Clients, m.vendor)
			}
		case KindSession:
			session[m.vendor] = true
			fallthrough
		default:
			score[m.vendor] += m.weight
		}
	}
	d.ProbeErrors = p.errs
	for v := range score {
		d.Candidates = append(d.Candidates, v)
	}
	slices.SortFunc(d.Candidates, func(a, b Vendor) int {
		return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(a, b))
	})
	switch {
	case len(d.Candidates) == 0:
		if len(d.Clients) > 0 {
			d.Notes = append(d.Notes, fmt.Sprintf("a VDI client (%s) is on this machine: it looks like the agent's local device, where media mode runs", joinVendors(d.Clients)))
		}
	case len(d.Candidates) > 1 && score[d.Candidates[0]] == score[d.Candidates[1]]:
		d.Notes = append(d.Notes, fmt.Sprintf("conflicting VDI markers (%s): nothing suggested, configure VDIPlatform explicitly", joinVendors(d.Candidates)))
	default:
		top := d.Candidates[0]
		d.Environment, d.InSession, d.Suggested = top, session[top], top.Platform()
		if len(d.Candidates) > 1 {
			d.Notes = append(d.Notes, fmt.Sprintf("weaker markers of %s also found", joinVendors(d.Candidates[1:])))
		}
		d.Notes = append(d.Notes, vendorNotes(top, d.Evidence)...)
	}
	return d
}

func vendorNotes(v Vendor, ev []Evidence) []string {
	only := func(marker string) bool {
		return !slices.ContainsFunc(ev, func(e Evidence) bool {
			return e.Vendor == v && e.Kind != KindClient && e.Marker != marker
		})
	}
	switch v {
	case VendorCitrix:
		return []string{"CITRIX and CITRIX_413 both select Streams' Citrix strategy; use CITRIX_413 only where Amazon's documentation for your Citrix Workspace app version asks for it"}
	case VendorAzure:
		if only("SESSIONNAME=RDP-*") {
			return []string{"only an RDP session was seen: AZURE applies to Azure Virtual Desktop with multimedia redirection, not to plain Remote Desktop"}
		}
	case VendorWorkSpaces:
		if slices.ContainsFunc(ev, func(e Evidence) bool { return strings.HasPrefix(e.Marker, "process pcoip") }) {
			return []string{"PCoIP seen: WebRTC redirection (AWS_WORKSPACE) needs a DCV WorkSpace; on PCoIP use signalling and media modes"}
		}
	}
	return nil
}

func joinVendors(vs []Vendor) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// compare explains where the configuration and the environment disagree.
func (d *Detection) compare(mode Mode, configured Platform) []string {
	var notes []string
	switch {
	case mode == ModeMedia && d.Environment != "":
		notes = append(notes, fmt.Sprintf("media mode inside a %s session: it should run on the agent's local device", d.Environment))
	case mode != ModeStandard:
	case configured == PlatformNone && d.Suggested != PlatformNone:
		notes = append(notes, fmt.Sprintf("running inside %s: set VDIPlatform %s for audio redirection, or use signalling mode here and media mode on the local device", d.Environment, d.Suggested))
	case configured != PlatformNone && d.Environment == "" && len(d.Candidates) == 0:
		notes = append(notes, fmt.Sprintf("VDIPlatform %s is configured but no VDI session was detected", configured))
	case configured != PlatformNone && d.Suggested != PlatformNone && !samePlatform(configured, d.Suggested):
		notes = append(notes, fmt.Sprintf("VDIPlatform %s is configured but the environment looks like %s (%s)", configured, d.Environment, d.Suggested))
	}
	return notes
}

func samePlatform(a, b Platform) bool {
	citrix := func(p Platform) bool { return p == PlatformCitrix || p == PlatformCitrix413 }
	return a == b || citrix(a) && citrix(b)
}
