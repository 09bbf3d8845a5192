package logparse

import (
	"fmt"
	"strconv"
	"time"
)

// Entry is one log line, from any input format.
type Entry struct {
	Time      time.Time
	Level     string
	Component string
	Text      string // only valid during the Analyzer.Add call (it may view the read buffer)
	Objects   []byte // raw JSON array; only valid during the Analyzer.Add call
	Exception []byte // raw JSON or nil
	Region    string // ccpdesk records, or from the file name (ccp-<region>-agent-log.txt)
	Source    string // ccpdesk records only
	LoggerID  string // Streams' loggerId: one per logger (each CCP and the page); only valid during Add
	Seq       uint64 // ccpdesk records only
	File      string
	Offset    int64 // where the entry starts in File

	idx *index // where the objects and arrays inside Objects end (from the scan), or nil
}

// parseEntry reads the fields the timeline needs from one LogEntry object.
// members, when not nil, are the object's member spans found by readValue,
// and idx its containers.
func parseEntry(b []byte, members []member, idx *index, e *Entry) error {
	var timeRaw []byte
	each := func(fn func(k, v []byte) error) error {
		if members == nil {
			return iterObject(nil, b, fn)
		}
		for _, m := range members {
			if err := fn(b[m.k0:m.k1], b[m.v0:m.v1]); err != nil {
				return err
			}
		}
		return nil
	}
	err := each(func(k, v []byte) error {
		switch string(k) {
		case "text":
			s, ok := strView(v)
			if !ok {
				if string(v) == "null" {
					return nil
				}
				return fmt.Errorf("text is not a string")
			}
			e.Text = s
		case "level":
			e.Level, _ = strView(v)
		case "component":
			e.Component, _ = strView(v)
		case "time":
			timeRaw = v
		case "objects":
			if len(v) > 0 && v[0] == '[' {
				e.Objects, e.idx = v, idx
			}
		case "exception":
			if len(v) > 0 && v[0] == '{' {
				e.Exception = v
			}
		case "region":
			e.Region, _ = strView(v)
		case "source":
			e.Source, _ = strView(v)
		case "loggerId":
			e.LoggerID, _ = strView(v)
		case "seq":
			if n, err := strconv.ParseUint(string(v), 10, 64); err == nil {
				e.Seq = n
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if timeRaw == nil {
		return fmt.Errorf("entry has no time")
	}
	t, ok := parseTime(timeRaw)
	if !ok {
		return fmt.Errorf("entry time %.40q is not ISO 8601 or epoch ms", timeRaw)
	}
	e.Time = t
	return nil
}

// parseTime reads an ISO string (fast path for toISOString's fixed layout)
// or epoch milliseconds.
func parseTime(v []byte) (time.Time, bool) {
	if len(v) == 0 {
		return time.Time{}, false
	}
	if v[0] != '"' {
		ms, err := strconv.ParseFloat(string(v), 64)
		if err != nil || ms < 0 || ms > 1e14 {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(ms)).UTC(), true
	}
	s := v[1 : len(v)-1]
	if t, ok := fastISO(s); ok {
		return t, true
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// fastISO parses "2006-01-02T15:04:05.000Z".
func fastISO(s []byte) (time.Time, bool) {
	if len(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return time.Time{}, false
	}
	n := func(a, b int) (int, bool) {
		x := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			x = x*10 + int(c-'0')
		}
		return x, true
	}
	y, ok1 := n(0, 4)
	mo, ok2 := n(5, 7)
	d, ok3 := n(8, 10)
	h, ok4 := n(11, 13)
	mi, ok5 := n(14, 16)
	sec, ok6 := n(17, 19)
	ms, ok7 := n(20, 23)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ms*1e6, time.UTC), true
}
