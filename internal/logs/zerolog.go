package logs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ZerologWriter returns an io.Writer for zerolog.New: each event (zerolog
// calls Write once per event, with one JSON object) becomes a record with
// source "go", written synchronously, so a returned Write means it is stored.
// Fields other than level/time/message/component go into objects.
func (l *Log) ZerologWriter() io.Writer { return zerologWriter{l} }

type zerologWriter struct{ l *Log }

var zerologLevels = map[string]string{
	"trace": "TRACE", "debug": "DEBUG", "info": "INFO", "warn": "WARN",
	"error": "ERROR", "fatal": "CRITICAL", "panic": "CRITICAL", "": "LOG",
}

func (z zerologWriter) Write(p []byte) (int, error) {
	rec, err := zerologRecord(p, z.l.clock.Now())
	if err != nil {
		return 0, err
	}
	if _, err := z.l.Append([]Record{rec}); err != nil {
		return 0, err
	}
	return len(p), nil
}

func zerologRecord(p []byte, now time.Time) (Record, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(p))
	if err := dec.Decode(&m); err != nil {
		// Not JSON (a console writer in front?): keep the text.
		return Record{Time: now, Level: "LOG", Component: "go", Source: SourceGo, Text: strings.TrimSpace(string(p))}, nil
	}
	rec := Record{Time: now, Component: "go", Source: SourceGo}
	take := func(k string) string {
		v, ok := m[k]
		if !ok {
			return ""
		}
		delete(m, k)
		s, _ := scalarString(v)
		return s
	}
	lvl := take("level")
	if l, ok := zerologLevels[lvl]; ok {
		rec.Level = l
	} else {
		rec.Level = "LOG"
	}
	if t := take("time"); t != "" {
		if pt, err := time.Parse(time.RFC3339Nano, t); err == nil {
			rec.Time = pt
		} else if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			rec.Time = unixGuess(n)
		}
	}
	rec.Text = take("message")
	if c := take("component"); c != "" {
		rec.Component = c
	}
	if len(m) > 0 {
		obj, err := json.Marshal([]map[string]json.RawMessage{m})
		if err != nil {
			return Record{}, fmt.Errorf("zerolog event: %w", err)
		}
		rec.Objects = obj
	}
	return rec, nil
}

// unixGuess reads zerolog's TimeFormatUnix/UnixMs/UnixMicro/UnixNano.
func unixGuess(n int64) time.Time {
	switch {
	case n > 1e17:
		return time.Unix(0, n)
	case n > 1e14:
		return time.UnixMicro(n)
	case n > 1e11:
		return time.UnixMilli(n)
	}
	return time.Unix(n, 0)
}
