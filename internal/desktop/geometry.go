package desktop

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Geometry is the remembered window size and position.
type Geometry struct {
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Maximised bool `json:"maximised"`
}

// Size limits applied when loading (a corrupt or stale file must not give a 0×0 or
// off-screen window).
const (
	MinWidth, MinHeight = 480, 360
	MaxWidth, MaxHeight = 10000, 10000
	maxOffset           = 20000
)

// Valid reports whether g is usable.
func (g Geometry) Valid() bool {
	return g.Width >= MinWidth && g.Height >= MinHeight && g.Width <= MaxWidth && g.Height <= MaxHeight &&
		g.X > -maxOffset && g.X < maxOffset && g.Y > -maxOffset && g.Y < maxOffset
}

// GeometryStore keeps Geometry in a small JSON file.
type GeometryStore struct {
	Path string
}

// Load returns the stored geometry; ok is false when there is none or it is invalid.
func (s *GeometryStore) Load() (g Geometry, ok bool, err error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return Geometry{}, false, nil
	}
	if err != nil {
		return Geometry{}, false, fmt.Errorf("read window geometry: %w", err)
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return Geometry{}, false, fmt.Errorf("parse window geometry %s: %w", s.Path, err)
	}
	if !g.Valid() {
		return Geometry{}, false, nil
	}
	return g, true, nil
}

// Save writes g atomically (temp file + rename). Invalid geometry is not saved.
func (s *GeometryStore) Save(g Geometry) error {
	if !g.Valid() {
		return nil
	}
	data, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("encode window geometry: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return fmt.Errorf("create state dir: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".window-*.json")
	if err != nil {
		return fmt.Errorf("save window geometry: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save window geometry: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save window geometry: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return fmt.Errorf("save window geometry: %w", err)
	}
	return nil
}
