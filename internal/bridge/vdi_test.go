package bridge

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

func TestShellConfigMedia(t *testing.T) {
	citrix := &vdi.Detection{Environment: vdi.VendorCitrix, InSession: true, Suggested: vdi.PlatformCitrix}
	tests := []struct {
		name      string
		softphone config.Softphone
		det       *vdi.Detection
		want      string // JSON of media.softphone
		mediaOnly bool
		note      string
	}{
		{name: "standard", softphone: config.Softphone{Enabled: true, Mode: "standard"},
			want: `{"allowFramedSoftphone":true,"disableRingtone":false,"disableEchoCancellation":false}`},
		{name: "standard with redirection", softphone: config.Softphone{Enabled: true, Mode: "standard", VDIPlatform: "CITRIX"}, det: citrix,
			want: `{"allowFramedSoftphone":true,"disableRingtone":false,"disableEchoCancellation":false,"VDIPlatform":"CITRIX"}`},
		{name: "signalling: no softphone, no ringtone", softphone: config.Softphone{Enabled: true, Mode: "signalling", RingtoneURL: "https://x/r.mp3"}, det: citrix,
			want: `{"allowFramedSoftphone":false,"disableRingtone":true,"disableEchoCancellation":false}`, note: "media mode on the agent's local device"},
		{name: "media", softphone: config.Softphone{Enabled: false, Mode: "media"},
			want: `{"allowFramedSoftphone":true,"disableRingtone":false,"disableEchoCancellation":false}`, mediaOnly: true},
		{name: "detection without a platform suggests one", softphone: config.Softphone{Enabled: true, Mode: "standard"}, det: citrix,
			want: `{"allowFramedSoftphone":true,"disableRingtone":false,"disableEchoCancellation":false}`, note: "set VDIPlatform CITRIX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.CCPURL = "https://a.my.connect.aws/ccp-v2/"
			cfg.Softphone = tt.softphone
			d := &Deps{Log: zerolog.Nop(), Config: &cfg, Desktop: desktop.New(zerolog.Nop(), nil, nil, nil), VDI: tt.det}
			sh, _, _, _ := services(d)
			got := sh.Config()
			b, _ := json.Marshal(got.Media.Softphone)
			if string(b) != tt.want {
				t.Errorf("media.softphone = %s, want %s", b, tt.want)
			}
			if got.Media.MediaOnly != tt.mediaOnly {
				t.Errorf("mediaOnly = %v, want %v", got.Media.MediaOnly, tt.mediaOnly)
			}
			if tt.note != "" && !strings.Contains(strings.Join(got.Media.Notes, "\n"), tt.note) {
				t.Errorf("notes %q lack %q", got.Media.Notes, tt.note)
			}
			if got.VDI != tt.det {
				t.Errorf("vdi = %v, want the detection", got.VDI)
			}
			all, _ := json.Marshal(got)
			if !strings.Contains(string(all), `"media":{"mode":"`) {
				t.Errorf("ShellConfig JSON lacks media: %s", all)
			}
		})
	}
}
