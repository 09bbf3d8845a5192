package region

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRestartRestoresLastRegion(t *testing.T) {
	dir := t.TempDir()
	first := newEnv(t, dir)
	for _, s := range []step{initd(east), detected(west), completed(west, "")} {
		if err := s(first); err != nil {
			t.Fatal(err)
		}
	}
	first.tr.Close()
	fi, err := os.Stat(filepath.Join(dir, StateFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}

	second := newEnv(t, dir)
	s := second.tr.Snapshot()
	if s.ActiveRegion != west || !s.Restored || s.Phase != PhaseUnknown || s.StateFileError != "" {
		t.Errorf("restored snapshot = %+v, want %s restored, phase unknown", s, west)
	}
	// A restored region is a guess: it filters no contacts and switching from it is no switch.
	if got := second.tr.VisibleContacts([]Contact{{ID: "a", Region: east}}); len(got) != 1 {
		t.Errorf("restored region filtered contacts: %v", got)
	}
	if err := second.tr.Initialized(east); err != nil {
		t.Fatal(err)
	}
	s = second.tr.Snapshot()
	if s.ActiveRegion != east || s.Restored || s.Phase != PhaseActive || len(second.switches) != 0 {
		t.Errorf("after init: %+v, switches %v", s, second.switches)
	}
	got, err := loadState(dir)
	if err != nil || got.ActiveRegion != east {
		t.Errorf("saved %+v, %v; want %s", got, err, east)
	}
}

func TestStateFileProblems(t *testing.T) {
	tests := []struct {
		name      string
		content   string
		regions   []Endpoint
		wantErr   bool
		wantError string // substring of StateFileError
	}{
		{"missing", "", testRegions, false, ""},
		{"garbage", "{not json", testRegions, true, "corrupt"},
		{"truncated", `{"version":1,"activeRegion":"us-we`, testRegions, true, "corrupt"},
		{"wrong version", `{"version":7,"activeRegion":"us-west-2"}`, testRegions, true, "version"},
		{"bad region", `{"version":1,"activeRegion":"../../etc"}`, testRegions, true, "corrupt"},
		{"no longer configured", `{"version":1,"activeRegion":"eu-west-1"}`, testRegions, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.content != "" {
				if err := os.WriteFile(filepath.Join(dir, StateFile), []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			tr, err := New(Options{Regions: tt.regions, Dir: dir, Clock: newFakeClock()})
			if err != nil {
				t.Fatalf("New must not fail on a bad state file: %v", err)
			}
			s := tr.Snapshot()
			if s.ActiveRegion != "" || s.Restored {
				t.Errorf("restored %q from a file it should ignore", s.ActiveRegion)
			}
			if (s.StateFileError != "") != tt.wantErr || !strings.Contains(s.StateFileError, tt.wantError) {
				t.Errorf("StateFileError = %q, want error %v containing %q", s.StateFileError, tt.wantErr, tt.wantError)
			}
			// The tracker still works and overwrites the bad file.
			if err := tr.Initialized(west); err != nil {
				t.Fatal(err)
			}
			if s := tr.Snapshot(); s.StateFileError != "" && tt.wantErr {
				t.Logf("error kept until the next successful save: %q", s.StateFileError)
			}
			if got, err := loadState(dir); err != nil || got.ActiveRegion != west {
				t.Errorf("after init: %+v, %v", got, err)
			}
		})
	}
}

func TestUnwritableStateDir(t *testing.T) {
	// A file where the directory should be: every save fails, nothing crashes.
	base := t.TempDir()
	dir := filepath.Join(base, "state")
	if err := os.WriteFile(dir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, dir)
	if err := e.tr.Initialized(east); err != nil {
		t.Fatalf("Initialized: %v", err)
	}
	s := e.tr.Snapshot()
	if s.ActiveRegion != east || s.StateFileError == "" {
		t.Errorf("snapshot = %+v, want active %s with a StateFileError", s, east)
	}
}

func TestSaveStateAtomic(t *testing.T) {
	dir := t.TempDir()
	for i, r := range []string{east, west, east} {
		if err := saveState(dir, state{ActiveRegion: r, UpdatedAt: t0.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
		got, err := loadState(dir)
		if err != nil || got.ActiveRegion != r || !got.UpdatedAt.Equal(t0.Add(time.Duration(i)*time.Second)) {
			t.Errorf("round %d: %+v, %v", i, got, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir has %d entries, want only %s", len(entries), StateFile)
	}
	if _, err := loadState(filepath.Join(dir, "nope")); err != nil {
		t.Errorf("missing dir: %v, want nil", err)
	}
	if err := os.WriteFile(filepath.Join(dir, StateFile), []byte("[]"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadState(dir); !errors.Is(err, ErrCorruptState) {
		t.Errorf("got %v, want ErrCorruptState", err)
	}
}
