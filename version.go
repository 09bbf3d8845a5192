package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Build information, set with -ldflags "-X main.version=… -X main.commit=… -X main.buildDate=…"
// (scripts/build-installers.sh). commit and buildDate fall back to what the Go toolchain
// records from git (vcs.revision, vcs.time of the commit).
var (
	commit    = ""
	buildDate = ""
)

const wailsModule = "github.com/wailsapp/wails/v2"

// BuildInfo is what --version prints.
type BuildInfo struct {
	Version, Commit, BuildDate, GoVersion, Wails, Platform string
	Modified                                               bool
}

func buildInfo() BuildInfo {
	b := BuildInfo{Version: version, Commit: commit, BuildDate: buildDate, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, Wails: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	for _, d := range bi.Deps {
		if d.Path == wailsModule {
			b.Wails = d.Version
			if d.Replace != nil {
				b.Wails += " (replaced by " + d.Replace.Path + " " + d.Replace.Version + ")"
			}
		}
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if b.Commit == "" {
				b.Commit = s.Value
			}
		case "vcs.time":
			if b.BuildDate == "" {
				b.BuildDate = s.Value + " (commit time)"
			}
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func writeVersion(w io.Writer) {
	b := buildInfo()
	fmt.Fprintln(w, "ccpdesk", b.Version)
	c := b.Commit
	if c == "" {
		c = "unknown"
	}
	if b.Modified {
		c += " (with uncommitted changes)"
	}
	d := b.BuildDate
	if d == "" {
		d = "unknown"
	}
	fmt.Fprintf(w, "  commit:   %s\n  built:    %s\n  go:       %s\n  wails:    %s\n  platform: %s\n", c, d, b.GoVersion, b.Wails, b.Platform)
}
