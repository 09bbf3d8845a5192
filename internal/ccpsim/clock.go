package ccpsim

import (
	"time"

	"github.com/ccpdesk/ccpdesk/internal/clock"
)

// Clock is the simulator's notion of time: tests inject a manual clock so routing and timeouts are
// deterministic; the server uses the real one.
type Clock = clock.Clock

// Timer is a stoppable pending call.
type Timer = clock.Timer

// ManualClock only moves when Advance is called (see clock.Manual).
type ManualClock = clock.Manual

// NewManualClock returns a ManualClock set to start.
func NewManualClock(start time.Time) *ManualClock { return clock.NewManual(start) }

var realClock = clock.Real
