package vdi

import (
	"fmt"
	"strings"
)

// Mode is how this copy of the app handles call audio ("CCP without media").
type Mode string

const (
	// ModeStandard: signalling and the softphone in this app (optionally with VDIPlatform
	// redirection when it runs inside a VDI session).
	ModeStandard Mode = "standard"
	// ModeSignalling: the copy inside the VDI. No softphone, no ringtone: the CCP does not
	// start a softphone when allowFramedSoftphone is false (protocol §8).
	ModeSignalling Mode = "signalling"
	// ModeMedia: the copy on the agent's local device. A small window that only runs the
	// softphone for the same agent; contacts are handled in the signalling copy.
	ModeMedia Mode = "media"
)

// Modes returns the valid modes.
func Modes() []Mode { return []Mode{ModeStandard, ModeSignalling, ModeMedia} }

// ParseMode validates a configured mode; "" is standard.
func ParseMode(s string) (Mode, error) {
	v := Mode(strings.ToLower(strings.TrimSpace(s)))
	if v == "" {
		return ModeStandard, nil
	}
	for _, m := range Modes() {
		if v == m {
			return m, nil
		}
	}
	return "", fmt.Errorf("%w: %q (valid: standard, signalling, media)", ErrInvalidMode, s)
}

// Request is the effective configuration the plan is derived from (the config package's
// values, passed in so this package does not depend on it).
type Request struct {
	Mode        string `json:"mode"`
	VDIPlatform string `json:"VDIPlatform"`
	// Softphone is the softphone setting of standard mode (false: deskphone only).
	Softphone               bool   `json:"softphone"`
	DisableRingtone         bool   `json:"disableRingtone"`
	RingtoneURL             string `json:"ringtoneUrl"`
	DisableEchoCancellation bool   `json:"disableEchoCancellation"`
}

// SoftphoneParams is initCCP's params.softphone, field for field; the frontend passes it as is.
type SoftphoneParams struct {
	AllowFramedSoftphone    bool     `json:"allowFramedSoftphone"`
	DisableRingtone         bool     `json:"disableRingtone"`
	RingtoneURL             string   `json:"ringtoneUrl,omitempty"`
	DisableEchoCancellation bool     `json:"disableEchoCancellation"`
	VDIPlatform             Platform `json:"VDIPlatform,omitempty"`
}

// Plan is what the frontend needs to start in the configured mode.
type Plan struct {
	Mode      Mode            `json:"mode"`
	Softphone SoftphoneParams `json:"softphone"`
	// MediaOnly: show the compact softphone window (status, microphone level, devices, call
	// audio state) instead of the contact panel.
	MediaOnly bool `json:"mediaOnly"`
	// Notes explain adjustments and mismatches with the detected environment (diagnostics).
	Notes []string `json:"notes"`
}

// Resolve validates req and derives the Streams softphone parameters. det, if not nil, adds
// notes where the configuration and the detected environment disagree.
func Resolve(req Request, det *Detection) (Plan, error) {
	mode, err := ParseMode(req.Mode)
	if err != nil {
		return Plan{}, err
	}
	platform, err := ParsePlatform(req.VDIPlatform)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Mode: mode, Notes: []string{}}
	sp := SoftphoneParams{
		AllowFramedSoftphone: req.Softphone, DisableRingtone: req.DisableRingtone,
		RingtoneURL: req.RingtoneURL, DisableEchoCancellation: req.DisableEchoCancellation,
		VDIPlatform: platform,
	}
	switch mode {
	case ModeSignalling:
		sp = SoftphoneParams{AllowFramedSoftphone: false, DisableRingtone: true}
		if platform != PlatformNone {
			p.Notes = append(p.Notes, fmt.Sprintf("VDIPlatform %s ignored: signalling mode runs no softphone", platform))
		}
		p.Notes = append(p.Notes, "call audio needs ccpdesk in media mode on the agent's local device, signed in as the same agent")
	case ModeMedia:
		// The media copy runs on the local device, outside any VDI: redirection would point
		// at a VDI client that is not there.
		if platform != PlatformNone {
			return Plan{}, fmt.Errorf("%w: media mode runs on the local device; VDIPlatform %s applies only to a softphone inside a VDI session", ErrConflict, platform)
		}
		if !req.Softphone {
			p.Notes = append(p.Notes, "softphone enabled: media mode exists to run it")
		}
		sp.AllowFramedSoftphone = true
		p.MediaOnly = true
	default:
		if !req.Softphone && platform != PlatformNone {
			sp.VDIPlatform = PlatformNone
			p.Notes = append(p.Notes, fmt.Sprintf("VDIPlatform %s ignored: the softphone is disabled", platform))
		}
	}
	p.Softphone = sp
	if det != nil {
		p.Notes = append(p.Notes, det.compare(mode, sp.VDIPlatform)...)
	}
	return p, nil
}
