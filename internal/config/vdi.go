package config

import (
	"errors"

	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

// validateVDI checks softphone.mode and softphone.vdiPlatform through internal/vdi (which
// owns the valid values) and normalises them to the spelling Streams expects.
func validateVDI(c *Config, src origins) []*FieldError {
	var probs []*FieldError
	bad := func(field string, err error) {
		fe := src.at(field)
		fe.Reason = err.Error()
		probs = append(probs, fe)
	}
	mode, err := vdi.ParseMode(c.Softphone.Mode)
	if err != nil {
		bad("softphone.mode", err)
	} else {
		c.Softphone.Mode = string(mode)
	}
	platform, err := vdi.ParsePlatform(c.Softphone.VDIPlatform)
	if err != nil {
		bad("softphone.vdiPlatform", err)
	} else {
		c.Softphone.VDIPlatform = string(platform)
	}
	if len(probs) > 0 {
		return probs
	}
	if _, err := vdi.Resolve(c.VDIRequest(), nil); err != nil {
		field := "softphone.vdiPlatform"
		// Blame the setting that came last (e.g. a user's mode against the policy's platform).
		l := c.Layers
		if errors.Is(err, vdi.ErrConflict) && l.SourceOf("softphone.mode").Layer.rank() > l.SourceOf("softphone.vdiPlatform").Layer.rank() {
			field = "softphone.mode"
		}
		bad(field, err)
	}
	return probs
}

// VDIRequest is the input of vdi.Resolve for this configuration.
func (c *Config) VDIRequest() vdi.Request {
	return vdi.Request{
		Mode: c.Softphone.Mode, VDIPlatform: c.Softphone.VDIPlatform,
		Softphone: c.Softphone.Enabled, DisableRingtone: c.Softphone.DisableRingtone,
		RingtoneURL: c.Softphone.RingtoneURL, DisableEchoCancellation: c.Softphone.DisableEchoCancellation,
	}
}

// SoftphonePlan resolves the Streams softphone parameters for this configuration, with
// notes where it disagrees with det (may be nil). The configuration is valid, so this only
// fails for a Config that did not come from Load.
func (c *Config) SoftphonePlan(det *vdi.Detection) (vdi.Plan, error) {
	return vdi.Resolve(c.VDIRequest(), det)
}
