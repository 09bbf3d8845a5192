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
	rec, fields, err := zerologRecord(p, z.l.clock.Now())
	if err != nil {
		return 0, err
	}
	// Redact the decoded fields directly: one decode and one encode per event.
	rec.Text = z.l.red.Text(rec.Text)
	if len(fields) > 0 {
		if rec.Objects, err = json.Marshal([]any{z.l.red.value("", fields)}); err != nil {
			return 0, fmt.Errorf("zerolog event: %w", err)
		}
	}
	if _, err := z.l.w.Append([]Record{rec}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// zerologRecord maps a zerolog event to a record; fields other than level,
// time, message and component are returned for objects (unredacted).
func zerologRecord(p []byte, now time.Time) (Record, map[string]any, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(p))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		// Not JSON (a console writer in front?): keep the text.
		return Record{Time: now, Level: "LOG", Component: "go", Source: SourceGo, Text: strings.TrimSpace(string(p))}, nil, nil
	}
	rec := Record{Time: now, Component: "go", Source: SourceGo}
	take := func(k string) string {
		v, ok := m[k]
		if !ok {
			return ""
		}
		delete(m, k)
		switch x := v.(type) {
		case string:
			return x
		case json.Number:
			return x.String()
		}
		return fmt.Sprint(v)
	}
	if l, ok := zerologLevels[take("level")]; ok {
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
	return rec, m, nil
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
