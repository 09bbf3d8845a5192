package logs

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Full-disk handling: dropped records are counted, and the first write that
// works again is a gap record naming how many were lost and where.

// drop counts n records that could not be written.
func (w *Writer) drop(n int, now time.Time, err error) {
	if n <= 0 {
		return
	}
	if w.stats.PendingGap == 0 {
		w.gapAfter = w.next - 1
		w.gapFrom = now
	}
	w.stats.PendingGap += uint64(n)
	w.stats.Dropped += uint64(n)
	w.gapWhy = shortReason(err)
	w.stats.LastError = err.Error()
}

// shortReason keeps the cause without file paths (they may contain the user's
// name) for the gap record.
func shortReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		why := pe.Op + ": " + pe.Err.Error()
		if isDiskFull(err) {
			return "disk full, " + why
		}
		return why
	}
	return err.Error()
}

// gapInfo is the object of a gap record.
type gapInfo struct {
	Dropped  uint64    `json:"dropped"`
	AfterSeq uint64    `json:"afterSeq"`
	GapSeq   uint64    `json:"gapSeq"`
	From     time.Time `json:"from" ts_type:"string"`
	To       time.Time `json:"to" ts_type:"string"`
	Reason   string    `json:"reason"`
}

// GapText prefixes the text of gap records.
const GapText = "ccpdesk log gap:"

func (w *Writer) writeGap(now time.Time) error {
	if w.stats.PendingGap == 0 {
		return nil
	}
	g := gapInfo{Dropped: w.stats.PendingGap, AfterSeq: w.gapAfter, GapSeq: w.next, From: w.gapFrom, To: now, Reason: w.gapWhy}
	obj, _ := json.Marshal([]map[string]gapInfo{{"gap": g}})
	rec := Record{
		Time: now, Level: "WARN", Component: "logs", Source: SourceGo, Objects: obj,
		Text: fmt.Sprintf("%s %d records dropped between seq %d and seq %d (%s)", GapText, g.Dropped, g.AfterSeq, g.GapSeq, g.Reason),
	}
	if _, err := w.write([]Record{rec}, now); err != nil {
		return err
	}
	w.stats.PendingGap = 0
	return nil
}
