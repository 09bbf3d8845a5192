package region

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// StateFile is the file, inside Options.Dir, that keeps the last active region.
const StateFile = "region.json"

const stateVersion = 1

// state is the persisted form. It holds only a region name and a time: nothing sensitive.
type state struct {
	Version      int       `json:"version"`
	ActiveRegion string    `json:"activeRegion"`
	UpdatedAt    time.Time `json:"updatedAt" ts_type:"string"`
}

// loadState reads the state file. A missing file is not an error; anything unreadable
// or invalid is ErrCorruptState, which the caller reports and ignores.
func loadState(dir string) (state, error) {
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return state{}, nil
	}
	if err != nil {
		return state{}, fmt.Errorf("read %s: %w", StateFile, err)
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return state{}, fmt.Errorf("%w: %s: %w", ErrCorruptState, StateFile, err)
	}
	if s.Version != stateVersion {
		return state{}, fmt.Errorf("%w: %s: unsupported version %d", ErrCorruptState, StateFile, s.Version)
	}
	if err := checkRegion(s.ActiveRegion); err != nil {
		return state{}, fmt.Errorf("%w: %s: %w", ErrCorruptState, StateFile, err)
	}
	return s, nil
}

// saveState replaces the state file atomically: a crash leaves the old or the new file,
// never a torn one.
func saveState(dir string, s state) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create state dir: %w", err)
	}
	s.Version = stateVersion
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode region state: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+StateFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, StateFile)); err != nil {
		return fmt.Errorf("write region state: %w", err)
	}
	return nil
}
