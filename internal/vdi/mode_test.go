package vdi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	citrix := &Detection{Environment: VendorCitrix, InSession: true, Suggested: PlatformCitrix, Candidates: []Vendor{VendorCitrix}}
	nothing := &Detection{Candidates: []Vendor{}}
	tests := []struct {
		name     string
		req      Request
		det      *Detection
		want     SoftphoneParams
		media    bool
		wantErr  error
		noteHas  string
		notesLen int
	}{
		{
			name: "standard passes the settings through",
			req:  Request{Softphone: true, RingtoneURL: "https://x.test/r.mp3", DisableEchoCancellation: true},
			want: SoftphoneParams{AllowFramedSoftphone: true, RingtoneURL: "https://x.test/r.mp3", DisableEchoCancellation: true},
		},
		{
			name: "standard in citrix with the platform",
			req:  Request{Mode: "standard", VDIPlatform: "citrix", Softphone: true}, det: citrix,
			want: SoftphoneParams{AllowFramedSoftphone: true, VDIPlatform: PlatformCitrix},
		},
		{
			name: "CITRIX_413 matches a citrix environment",
			req:  Request{VDIPlatform: "CITRIX_413", Softphone: true}, det: citrix,
			want: SoftphoneParams{AllowFramedSoftphone: true, VDIPlatform: PlatformCitrix413},
		},
		{
			name: "standard in citrix without the platform suggests it",
			req:  Request{Softphone: true}, det: citrix,
			want:    SoftphoneParams{AllowFramedSoftphone: true},
			noteHas: "set VDIPlatform CITRIX", notesLen: 1,
		},
		{
			name: "platform mismatch",
			req:  Request{VDIPlatform: "OMNISSA", Softphone: true}, det: citrix,
			want:    SoftphoneParams{AllowFramedSoftphone: true, VDIPlatform: PlatformOmnissa},
			noteHas: "looks like citrix",
		},
		{
			name: "platform without a VDI",
			req:  Request{VDIPlatform: "AZURE", Softphone: true}, det: nothing,
			want:    SoftphoneParams{AllowFramedSoftphone: true, VDIPlatform: PlatformAzure},
			noteHas: "no VDI session was detected",
		},
		{
			name:    "deskphone drops the platform",
			req:     Request{VDIPlatform: "AZURE"},
			want:    SoftphoneParams{},
			noteHas: "the softphone is disabled",
		},
		{
			name: "signalling: no softphone, no ringtone",
			req:  Request{Mode: "signalling", Softphone: true, RingtoneURL: "https://x.test/r.mp3"}, det: citrix,
			want:    SoftphoneParams{AllowFramedSoftphone: false, DisableRingtone: true},
			noteHas: "media mode on the agent's local device", notesLen: 1,
		},
		{
			name:    "signalling ignores a platform",
			req:     Request{Mode: "signalling", VDIPlatform: "CITRIX"},
			want:    SoftphoneParams{DisableRingtone: true},
			noteHas: "ignored: signalling mode",
		},
		{
			name: "media runs the softphone",
			req:  Request{Mode: "media", DisableRingtone: false}, det: nothing,
			want:  SoftphoneParams{AllowFramedSoftphone: true},
			media: true, noteHas: "softphone enabled",
		},
		{
			name: "media inside a VDI is flagged",
			req:  Request{Mode: "media", Softphone: true}, det: citrix,
			want:  SoftphoneParams{AllowFramedSoftphone: true},
			media: true, noteHas: "should run on the agent's local device",
		},
		{name: "media with a platform is refused", req: Request{Mode: "media", VDIPlatform: "CITRIX"}, wantErr: ErrConflict},
		{name: "invalid platform", req: Request{VDIPlatform: "HORIZON"}, wantErr: ErrInvalidPlatform},
		{name: "invalid mode", req: Request{Mode: "split"}, wantErr: ErrInvalidMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Resolve(tt.req, tt.det)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Softphone != tt.want || p.MediaOnly != tt.media {
				t.Errorf("got %+v mediaOnly=%v, want %+v mediaOnly=%v", p.Softphone, p.MediaOnly, tt.want, tt.media)
			}
			notes := strings.Join(p.Notes, "\n")
			if !strings.Contains(notes, tt.noteHas) {
				t.Errorf("notes %q lack %q", notes, tt.noteHas)
			}
			if tt.notesLen > 0 && len(p.Notes) != tt.notesLen {
				t.Errorf("notes = %q, want %d", p.Notes, tt.notesLen)
			}
		})
	}
}

// The JSON is what the frontend hands to initCCP as params.softphone: names must match Streams.
func TestSoftphoneParamsJSON(t *testing.T) {
	b, err := json.Marshal(SoftphoneParams{AllowFramedSoftphone: true, DisableRingtone: true, VDIPlatform: PlatformCitrix})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"allowFramedSoftphone":true,"disableRingtone":true,"disableEchoCancellation":false,"VDIPlatform":"CITRIX"}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	b, _ = json.Marshal(SoftphoneParams{})
	if strings.Contains(string(b), "VDIPlatform") || strings.Contains(string(b), "ringtoneUrl") {
		t.Errorf("empty optional fields must be omitted: %s", b)
	}
}
