package vdi

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePlatform(t *testing.T) {
	tests := []struct {
		in      string
		want    Platform
		wantErr bool
	}{
		{"", PlatformNone, false},
		{"   ", PlatformNone, false},
		{"CITRIX", PlatformCitrix, false},
		{"citrix_413", PlatformCitrix413, false},
		{" AWS_WORKSPACE ", PlatformWorkSpace, false},
		{"Omnissa", PlatformOmnissa, false},
		{"AZURE", PlatformAzure, false},
		{"VMWARE", "", true},
		{"AWS_WORKSPACES", "", true},
		{"CITRIX 413", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePlatform(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
			if err == nil {
				return
			}
			if !errors.Is(err, ErrInvalidPlatform) {
				t.Errorf("error %v is not ErrInvalidPlatform", err)
			}
			for _, p := range Platforms() {
				if !strings.Contains(err.Error(), string(p)) {
					t.Errorf("error %q does not list %s", err, p)
				}
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"", ModeStandard, false},
		{"standard", ModeStandard, false},
		{"Signalling", ModeSignalling, false},
		{" media ", ModeMedia, false},
		{"signaling", "", true},
		{"audio", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && (!errors.Is(err, ErrInvalidMode) || !strings.Contains(err.Error(), "standard, signalling, media")) {
			t.Errorf("ParseMode(%q) error %v", tt.in, err)
		}
	}
}
