package vdi

// Vendor is a VDI product family.
type Vendor string

const (
	VendorCitrix     Vendor = "citrix"
	VendorWorkSpaces Vendor = "workspaces"
	VendorOmnissa    Vendor = "omnissa"
	VendorAzure      Vendor = "azure"
)

// Platform is the VDIPlatform suggested for a session of this vendor. Citrix could also be
// CITRIX_413; the environment does not tell them apart, so the default is suggested.
func (v Vendor) Platform() Platform {
	switch v {
	case VendorCitrix:
		return PlatformCitrix
	case VendorWorkSpaces:
		return PlatformWorkSpace
	case VendorOmnissa:
		return PlatformOmnissa
	case VendorAzure:
		return PlatformAzure
	}
	return PlatformNone
}

// Kind says what a marker shows about this machine.
type Kind string

const (
	// KindSession: this process runs inside the vendor's remote session.
	KindSession Kind = "session"
	// KindHost: the machine is a VDI host (the vendor's agent is installed or running).
	KindHost Kind = "host"
	// KindClient: the vendor's VDI client is on this machine, so this is likely the agent's
	// local device: a candidate for media mode, not a reason to set VDIPlatform.
	KindClient Kind = "client"
)

// Source is where a marker is looked up.
type Source string

const (
	SourceEnv       Source = "env"        // a variable, optionally with a value prefix
	SourceEnvPrefix Source = "env_prefix" // any variable whose name starts with Name
	SourceProcess   Source = "process"    // a running process (by executable name, no .exe)
	SourceRegistry  Source = "registry"   // a Windows registry key exists
	SourceFile      Source = "file"       // a path exists
)

// marker is one clue. Weight ranks clues: the remoting protocol of the current session
// (SESSIONNAME, ViewClient_*) outweighs an installed agent, which outweighs a client.
type marker struct {
	vendor Vendor
	kind   Kind
	source Source
	name   string
	prefix string // SourceEnv: case-insensitive prefix the value must have ("" = set)
	goos   string // "" = any OS
	weight int
}

// markers are heuristics from the vendors' documented names. Values of variables are
// never reported (ViewClient_* carry client machine and user names); only names are.
func markers() []marker {
	return []marker{
		// Citrix Virtual Apps and Desktops (HDX/ICA).
		{VendorCitrix, KindSession, SourceEnv, "SESSIONNAME", "ICA-", "windows", 3},
		{VendorCitrix, KindSession, SourceEnvPrefix, "CITRIX_", "", "", 1},
		{VendorCitrix, KindSession, SourceProcess, "wfshell", "", "windows", 2},
		{VendorCitrix, KindHost, SourceProcess, "CtxSvcHost", "", "windows", 2},
		{VendorCitrix, KindHost, SourceRegistry, `HKLM\SOFTWARE\Citrix\VirtualDesktopAgent`, "", "windows", 2},
		{VendorCitrix, KindHost, SourceProcess, "ctxhdx", "", "linux", 2},
		{VendorCitrix, KindHost, SourceFile, "/opt/Citrix/VDA", "", "linux", 2},
		{VendorCitrix, KindClient, SourceRegistry, `HKLM\SOFTWARE\Citrix\ICA Client`, "", "windows", 1},
		{VendorCitrix, KindClient, SourceProcess, "wfica32", "", "windows", 1},
		{VendorCitrix, KindClient, SourceProcess, "wfica", "", "", 1},
		{VendorCitrix, KindClient, SourceFile, "/opt/Citrix/ICAClient", "", "linux", 1},

		// Amazon WorkSpaces (DCV, formerly WSP, and PCoIP bundles).
		{VendorWorkSpaces, KindHost, SourceProcess, "SkyLightWorkspaceConfigService", "", "windows", 2},
		{VendorWorkSpaces, KindHost, SourceRegistry, `HKLM\SOFTWARE\Amazon\WorkSpacesConfig`, "", "windows", 2},
		{VendorWorkSpaces, KindHost, SourceRegistry, `HKLM\SOFTWARE\Amazon\SkyLight`, "", "windows", 2},
		{VendorWorkSpaces, KindHost, SourceProcess, "dcvserver", "", "", 1},
		{VendorWorkSpaces, KindHost, SourceProcess, "dcvagent", "", "", 1},
		{VendorWorkSpaces, KindHost, SourceProcess, "pcoip_agent", "", "", 1},
		{VendorWorkSpaces, KindHost, SourceProcess, "pcoip-agent", "", "", 1},
		{VendorWorkSpaces, KindClient, SourceProcess, "workspaces", "", "windows", 1},
		{VendorWorkSpaces, KindClient, SourceProcess, "workspacesclient", "", "", 1},

		// Omnissa Horizon (formerly VMware Horizon).
		{VendorOmnissa, KindSession, SourceEnvPrefix, "ViewClient_", "", "", 3},
		{VendorOmnissa, KindHost, SourceProcess, "wsnm", "", "windows", 2},
		{VendorOmnissa, KindHost, SourceRegistry, `HKLM\SOFTWARE\VMware, Inc.\VMware VDM\Agent`, "", "windows", 2},
		{VendorOmnissa, KindHost, SourceRegistry, `HKLM\SOFTWARE\Omnissa\Horizon\Agent`, "", "windows", 2},
		{VendorOmnissa, KindClient, SourceProcess, "vmware-view", "", "", 1},
		{VendorOmnissa, KindClient, SourceProcess, "horizon-client", "", "", 1},
		{VendorOmnissa, KindClient, SourceRegistry, `HKLM\SOFTWARE\VMware, Inc.\VMware VDM\Client`, "", "windows", 1},

		// Azure Virtual Desktop (RDP). An RDP session alone is not AVD, hence weight 2.
		{VendorAzure, KindSession, SourceEnv, "SESSIONNAME", "RDP-", "windows", 2},
		{VendorAzure, KindHost, SourceRegistry, `HKLM\SOFTWARE\Microsoft\RDInfraAgent`, "", "windows", 2},
		{VendorAzure, KindHost, SourceProcess, "RDAgentBootLoader", "", "windows", 2},
		{VendorAzure, KindClient, SourceProcess, "msrdc", "", "windows", 1},
		{VendorAzure, KindClient, SourceProcess, "msrdcw", "", "windows", 1},
	}
}
