package vdi

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeEnv describes a machine; env() turns it into the probes Detect uses.
type fakeEnv struct {
	goos    string
	vars    map[string]string
	procs   []string
	procErr error
	keys    []string
	regErr  error
	files   []string
}

func (f fakeEnv) env() Env {
	e := Env{
		GOOS:   f.goos,
		Getenv: func(n string) string { return f.vars[n] },
		Environ: func() []string {
			var kv []string
			for k, v := range f.vars {
				kv = append(kv, k+"="+v)
			}
			slices.Sort(kv)
			return kv
		},
		Processes:  func() ([]string, error) { return f.procs, f.procErr },
		FileExists: func(p string) bool { return slices.Contains(f.files, p) },
	}
	if f.goos == "windows" {
		e.RegistryKeyExists = func(k string) (bool, error) { return slices.Contains(f.keys, k), f.regErr }
	}
	return e
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name        string
		env         fakeEnv
		want        Vendor
		inSession   bool
		suggested   Platform
		candidates  []Vendor
		clients     []Vendor
		evidence    int
		noteHas     string
		probeErrHas string
	}{
		{name: "none", env: fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "Console"}, procs: []string{"explorer.exe"}}},
		{name: "none on linux", env: fakeEnv{goos: "linux", procs: []string{"systemd", "bash"}}},
		{
			name: "citrix session",
			env: fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "ICA-CGP#3"},
				procs: []string{"wfshell.exe", "CtxSvcHost.exe"}, keys: []string{`HKLM\SOFTWARE\Citrix\VirtualDesktopAgent`}},
			want: VendorCitrix, inSession: true, suggested: PlatformCitrix, candidates: []Vendor{VendorCitrix}, evidence: 4, noteHas: "CITRIX_413",
		},
		{
			name: "citrix variables only",
			env:  fakeEnv{goos: "windows", vars: map[string]string{"CITRIX_SESSION": "1"}},
			want: VendorCitrix, inSession: true, suggested: PlatformCitrix, candidates: []Vendor{VendorCitrix}, evidence: 1,
		},
		{
			name: "citrix linux VDA",
			env:  fakeEnv{goos: "linux", procs: []string{"ctxhdx"}, files: []string{"/opt/Citrix/VDA"}},
			want: VendorCitrix, suggested: PlatformCitrix, candidates: []Vendor{VendorCitrix}, evidence: 2,
		},
		{
			name:    "citrix client on the local device",
			env:     fakeEnv{goos: "windows", procs: []string{"wfica32.exe"}, keys: []string{`HKLM\SOFTWARE\Citrix\ICA Client`}},
			clients: []Vendor{VendorCitrix}, evidence: 2, noteHas: "local device",
		},
		{
			name: "workspaces DCV",
			env: fakeEnv{goos: "windows", procs: []string{"SkyLightWorkspaceConfigService.exe", "dcvserver.exe"},
				keys: []string{`HKLM\SOFTWARE\Amazon\WorkSpacesConfig`}},
			want: VendorWorkSpaces, suggested: PlatformWorkSpace, candidates: []Vendor{VendorWorkSpaces}, evidence: 3,
		},
		{
			name: "workspaces PCoIP",
			env:  fakeEnv{goos: "windows", procs: []string{"SkyLightWorkspaceConfigService.exe", "pcoip_agent.exe"}},
			want: VendorWorkSpaces, suggested: PlatformWorkSpace, candidates: []Vendor{VendorWorkSpaces}, evidence: 2, noteHas: "PCoIP",
		},
		{
			name: "workspaces linux",
			env:  fakeEnv{goos: "linux", procs: []string{"dcvserver", "dcvagent"}},
			want: VendorWorkSpaces, suggested: PlatformWorkSpace, candidates: []Vendor{VendorWorkSpaces}, evidence: 2,
		},
		{
			name:    "workspaces client, name truncated by /proc",
			env:     fakeEnv{goos: "linux", procs: []string{"workspacesclien"}},
			clients: []Vendor{VendorWorkSpaces}, evidence: 1,
		},
		{
			name: "omnissa session",
			env: fakeEnv{goos: "windows", vars: map[string]string{
				"ViewClient_Machine_Name": "SECRET-LAPTOP", "ViewClient_Broker_DNS_Name": "horizon.corp.example", "SESSIONNAME": "Console"},
				procs: []string{"wsnm.exe"}},
			want: VendorOmnissa, inSession: true, suggested: PlatformOmnissa, candidates: []Vendor{VendorOmnissa}, evidence: 2,
		},
		{
			name:    "omnissa client on linux",
			env:     fakeEnv{goos: "linux", procs: []string{"vmware-view"}},
			clients: []Vendor{VendorOmnissa}, evidence: 1,
		},
		{
			name: "azure virtual desktop",
			env: fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "RDP-Tcp#12"},
				procs: []string{"RDAgentBootLoader.exe"}, keys: []string{`HKLM\SOFTWARE\Microsoft\RDInfraAgent`}},
			want: VendorAzure, inSession: true, suggested: PlatformAzure, candidates: []Vendor{VendorAzure}, evidence: 3,
		},
		{
			name: "plain remote desktop",
			env:  fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "RDP-Tcp#0"}},
			want: VendorAzure, inSession: true, suggested: PlatformAzure, candidates: []Vendor{VendorAzure}, evidence: 1, noteHas: "plain Remote Desktop",
		},
		{
			name:    "azure client on the local device",
			env:     fakeEnv{goos: "windows", procs: []string{"msrdc.exe"}},
			clients: []Vendor{VendorAzure}, evidence: 1,
		},
		{
			name: "conflicting agents: nothing suggested",
			env: fakeEnv{goos: "windows", keys: []string{
				`HKLM\SOFTWARE\Citrix\VirtualDesktopAgent`, `HKLM\SOFTWARE\VMware, Inc.\VMware VDM\Agent`}},
			candidates: []Vendor{VendorCitrix, VendorOmnissa}, evidence: 2, noteHas: "conflicting",
		},
		{
			name: "citrix session on an AVD host: the session protocol wins",
			env: fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "ICA-tcp#0"},
				procs: []string{"wfshell.exe"}, keys: []string{`HKLM\SOFTWARE\Microsoft\RDInfraAgent`}},
			want: VendorCitrix, inSession: true, suggested: PlatformCitrix, candidates: []Vendor{VendorCitrix, VendorAzure}, evidence: 3, noteHas: "weaker markers of azure",
		},
		{
			name: "windows markers ignored on linux",
			env:  fakeEnv{goos: "linux", vars: map[string]string{"SESSIONNAME": "ICA-tcp#0"}, procs: []string{"wfshell"}},
		},
		{
			name: "process list fails, environment still read",
			env:  fakeEnv{goos: "windows", vars: map[string]string{"SESSIONNAME": "ICA-tcp#0"}, procErr: errors.New("access denied")},
			want: VendorCitrix, inSession: true, suggested: PlatformCitrix, candidates: []Vendor{VendorCitrix}, evidence: 1, probeErrHas: "process list: access denied",
		},
		{
			name:        "registry fails once",
			env:         fakeEnv{goos: "windows", regErr: errors.New("denied")},
			probeErrHas: "registry: denied",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Detect(tt.env.env())
			if d.Environment != tt.want || d.InSession != tt.inSession || d.Suggested != tt.suggested {
				t.Errorf("got %q inSession=%v suggested=%q, want %q %v %q", d.Environment, d.InSession, d.Suggested, tt.want, tt.inSession, tt.suggested)
			}
			if !slices.Equal(d.Candidates, nonNil(tt.candidates)) {
				t.Errorf("candidates = %v, want %v", d.Candidates, tt.candidates)
			}
			if !slices.Equal(d.Clients, nonNil(tt.clients)) {
				t.Errorf("clients = %v, want %v", d.Clients, tt.clients)
			}
			if len(d.Evidence) != tt.evidence {
				t.Errorf("evidence = %+v, want %d items", d.Evidence, tt.evidence)
			}
			if notes := strings.Join(d.Notes, "\n"); !strings.Contains(notes, tt.noteHas) {
				t.Errorf("notes %q lack %q", notes, tt.noteHas)
			}
			if errs := strings.Join(d.ProbeErrors, "\n"); !strings.Contains(errs, tt.probeErrHas) || (tt.probeErrHas == "" && errs != "") {
				t.Errorf("probe errors %q, want %q", errs, tt.probeErrHas)
			}
			if tt.probeErrHas != "" && len(d.ProbeErrors) != 1 {
				t.Errorf("probe errors reported %d times, want once", len(d.ProbeErrors))
			}
			// Evidence names markers, never values (ViewClient_* carry machine names).
			for _, e := range d.Evidence {
				for _, v := range tt.env.vars {
					if len(v) > 8 && strings.Contains(e.Marker, v) {
						t.Errorf("evidence %q leaks the value %q", e.Marker, v)
					}
				}
			}
		})
	}
}

func nonNil(v []Vendor) []Vendor {
	if v == nil {
		return []Vendor{}
	}
	return v
}

func TestDetectNilProbes(t *testing.T) {
	d := Detect(Env{GOOS: "windows"})
	if d.Environment != "" || len(d.Evidence) != 0 || len(d.ProbeErrors) != 0 {
		t.Errorf("empty env: %+v", d)
	}
}

func TestEnvPrefixCaseAndLimit(t *testing.T) {
	vars := map[string]string{}
	for _, n := range []string{"viewclient_a", "ViewClient_B", "VIEWCLIENT_C", "ViewClient_D", "ViewClient_"} {
		vars[n] = "x"
	}
	d := Detect(fakeEnv{goos: "windows", vars: vars}.env())
	if d.Environment != VendorOmnissa || len(d.Evidence) != 1 {
		t.Fatalf("got %+v", d)
	}
	if m := d.Evidence[0].Marker; !strings.HasSuffix(m, ", …)") || strings.Count(m, ",") != 3 {
		t.Errorf("marker %q, want three names and an ellipsis", m)
	}
}

func TestVendorPlatform(t *testing.T) {
	for v, want := range map[Vendor]Platform{
		VendorCitrix: PlatformCitrix, VendorWorkSpaces: PlatformWorkSpace, VendorOmnissa: PlatformOmnissa,
		VendorAzure: PlatformAzure, "": PlatformNone,
	} {
		if got := v.Platform(); got != want {
			t.Errorf("%q.Platform() = %q, want %q", v, got, want)
		}
	}
	// Every suggested value must be one Streams accepts.
	for _, m := range markers() {
		if _, err := ParsePlatform(string(m.vendor.Platform())); err != nil {
			t.Errorf("marker %s suggests an invalid platform: %v", m.name, err)
		}
	}
}
