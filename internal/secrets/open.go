package secrets

import "context"

// Open returns the OS keyring when Probe finds it usable, and otherwise an in-memory store (values then
// last until the app exits) with the Report that says why, so the app keeps working and can tell the agent.
func Open(ctx context.Context, opts OSOptions) (Store, Report) {
	s := NewOS(opts)
	r := s.Probe(ctx)
	if !r.Available {
		return NewMemory(), r
	}
	return s, r
}
