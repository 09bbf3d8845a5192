// Package vdi selects how the softphone runs: the Streams VDIPlatform (WebRTC redirection
// inside a VDI session), the media mode (standard, signalling-only, media-only) and the
// detection of the VDI environment at start, shown in diagnostics. It never changes a
// setting on its own: detection only suggests.
package vdi

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors; the bridge and config map them to stable codes.
var (
	ErrInvalidPlatform = errors.New("invalid VDIPlatform")
	ErrInvalidMode     = errors.New("invalid media mode")
	ErrConflict        = errors.New("conflicting softphone settings")
)

// Platform is a Streams VDIPlatform value (connect.VDIPlatformType in 2.28.2). "" means none:
// the softphone uses plain WebRTC.
type Platform string

const (
	PlatformNone      Platform = ""
	PlatformCitrix    Platform = "CITRIX"
	PlatformCitrix413 Platform = "CITRIX_413"
	PlatformWorkSpace Platform = "AWS_WORKSPACE"
	PlatformOmnissa   Platform = "OMNISSA"
	PlatformAzure     Platform = "AZURE"
)

// Platforms returns the valid values, in Streams' documentation order.
func Platforms() []Platform {
	return []Platform{PlatformCitrix, PlatformCitrix413, PlatformWorkSpace, PlatformOmnissa, PlatformAzure}
}

// ParsePlatform validates a configured value. Case and surrounding space are forgiven (IT
// tooling often lowercases); Streams itself only accepts the exact uppercase value, which is
// what this returns. An unknown value would make Streams publish vdi_strategy_not_supported
// at the first call, so it is refused here with the list of valid values.
func ParsePlatform(s string) (Platform, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if v == "" {
		return PlatformNone, nil
	}
	for _, p := range Platforms() {
		if Platform(v) == p {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: %q (valid: %s, or empty for none)", ErrInvalidPlatform, s, validList())
}

func validList() string {
	names := make([]string, 0, len(Platforms()))
	for _, p := range Platforms() {
		names = append(names, string(p))
	}
	return strings.Join(names, ", ")
}
