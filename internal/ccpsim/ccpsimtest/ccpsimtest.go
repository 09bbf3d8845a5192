// Package ccpsimtest starts ccpsim inside a Go test, in the style of net/http/httptest.
package ccpsimtest

import (
	"context"
	"testing"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

// NewServer starts a simulator on loopback with free ports and stops it when the test ends.
// With no options it runs DefaultRegions and the default configuration.
func NewServer(t testing.TB, opts ...func(*ccpsim.Options)) *ccpsim.Server {
	t.Helper()
	o := ccpsim.Options{Logger: zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel)}
	for _, f := range opts {
		f(&o)
	}
	srv, err := ccpsim.Start(context.Background(), o)
	if err != nil {
		t.Fatalf("ccpsimtest: start: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}
