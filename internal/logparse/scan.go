package logparse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// errTruncated means the input ended inside a value.
var errTruncated = errors.New("input ends inside a value")

// stream is a sliding window over an io.Reader. Bytes before mark may be
// discarded on refill; bytes from mark on stay addressable.
type stream struct {
	r    io.Reader
	buf  []byte
	pos  int   // next unread byte in buf
	mark int   // start of the value being read
	base int64 // input offset of buf[0]
	eof  bool
	err  error // read error other than EOF

	// Members of the last object readValue returned: offsets relative to
	// the value's start, so the entry parser never rescans big values.
	members []member
	stack   []byte
	// Every object and array of that value, in order of their starts, with
	// the index just past their end (relative to the value's start): the
	// snapshot walker skips nested values with a lookup instead of a rescan.
	spans []span
	open  []int // indexes into spans of the containers still open
	idx   index // spans of the last value, for its Entry
}

type member struct{ k0, k1, v0, v1 int }

type span struct{ start, end int }

const minRead = 256 << 10

func newStream(r io.Reader) *stream {
	return &stream{r: r, buf: make([]byte, 0, 1<<20)}
}

// offset is the input position of buf[i].
func (s *stream) offset(i int) int64 { return s.base + int64(i) }

// more reads at least one more byte; false at EOF or on error. Indexes into
// buf stay valid relative to mark: callers re-derive slices after more.
func (s *stream) more() bool {
	if s.eof {
		return false
	}
	if s.mark > 0 && (len(s.buf)+minRead > cap(s.buf) || s.mark > cap(s.buf)/2) {
		n := copy(s.buf, s.buf[s.mark:])
		s.buf = s.buf[:n]
		s.base += int64(s.mark)
		s.pos -= s.mark
		s.mark = 0
	}
	if cap(s.buf)-len(s.buf) < minRead {
		nb := make([]byte, len(s.buf), 2*cap(s.buf)+minRead)
		copy(nb, s.buf)
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// skipSpace advances over JSON whitespace (and a UTF-8 BOM at the start).
// It returns the next byte, or false at the end of input.
func (s *stream) skipSpace() (byte, bool) {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				if c == 0xEF && s.offset(s.pos) == 0 && s.pos+2 < len(s.buf) && s.buf[s.pos+1] == 0xBB && s.buf[s.pos+2] == 0xBF {
					s.pos += 3
					continue
				}
				return c, true
			}
		}
		s.mark = s.pos
		if !s.more() {
			return 0, false
		}
	}
}

// Grammar states of readValue.
const (
	stValue      = iota // a value is expected
	stArrFirst          // after '[': a value or ']'
	stObjFirst          // after '{': a key or '}'
	stKey               // after ',' in an object: a key
	stColon             // after a key
	stCommaOrEnd        // after a value inside a container
)

// readValue returns the raw bytes of the JSON value at pos and advances past
// it. It checks the grammar outside strings (nesting, keys, colons, commas),
// so damage inside an entry is detected rather than swallowing the entries
// after it; strings are skipped with a byte search, which keeps it fast. For
// an object it also records the member spans (s.members).
func (s *stream) readValue() ([]byte, error) {
	s.mark = s.pos
	i := s.pos
	// buf and mark are s.buf and s.mark, kept in locals for the hot loop (reloaded after more).
	buf, mark := s.buf, s.mark
	stack := s.stack[:0]
	s.members = s.members[:0]
	s.spans, s.open = s.spans[:0], s.open[:0]
	var cur member
	state := stValue
	for {
		if i >= len(buf) {
			rel := i - mark
			if !s.more() {
				s.stack = stack
				return nil, errTruncated
			}
			buf, mark = s.buf, s.mark
			i = mark + rel
			continue
		}
		c := buf[i]
		if c <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			i++
			// Indentation runs (pretty-printed downloads are mostly spaces): 8 at a time.
			for i+8 <= len(buf) && binary.LittleEndian.Uint64(buf[i:]) == 0x2020202020202020 {
				i += 8
			}
			for i < len(buf) && buf[i] == ' ' {
				i++
			}
			continue
		}
		depth1 := len(stack) == 1
		end := -1 // set when a value ends at this index
		switch c {
		case '"':
			if depth1 && state == stValue {
				cur.v0 = i - mark
			}
			startRel := i - mark
			// Short strings (keys, names) end within a few bytes: a plain loop beats IndexByte's set-up.
			e := -1
			for j, n := i+1, min(len(buf), i+17); j < n; j++ {
				if buf[j] == '"' {
					if buf[j-1] != '\\' {
						e = j + 1
					}
					break
				}
			}
			if e < 0 {
				var ok bool
				if e, ok = s.stringEnd(i); !ok {
					s.stack = stack
					return nil, errTruncated
				}
				buf, mark = s.buf, s.mark
			}
			switch state {
			case stValue, stArrFirst:
				end = e
			case stObjFirst, stKey:
				if depth1 {
					cur = member{k0: startRel + 1, k1: e - mark - 1}
				}
				state = stColon
				i = e
				// A key is nearly always followed by ": " (pretty-printed) or ':'.
				if i+1 < len(buf) && buf[i] == ':' {
					state = stValue
					i++
					if buf[i] == ' ' {
						i++
					}
				}
				continue
			default:
				return nil, s.bad(c, i)
			}
		case '{', '[':
			if state != stValue && state != stArrFirst {
				return nil, s.bad(c, i)
			}
			if depth1 && state == stValue {
				cur.v0 = i - mark
			}
			stack = append(stack, c)
			s.open = append(s.open, len(s.spans))
			s.spans = append(s.spans, span{start: i - mark})
			state = stObjFirst
			if c == '[' {
				state = stArrFirst
			}
			i++
			continue
		case '}', ']':
			open := byte('{')
			if c == ']' {
				open = '['
			}
			if len(stack) == 0 || stack[len(stack)-1] != open ||
				!(state == stCommaOrEnd || (c == '}' && state == stObjFirst) || (c == ']' && state == stArrFirst)) {
				return nil, s.bad(c, i)
			}
			stack = stack[:len(stack)-1]
			s.spans[s.open[len(s.open)-1]].end = i + 1 - mark
			s.open = s.open[:len(s.open)-1]
			depth1 = len(stack) == 1
			end = i + 1
		case ':':
			if state != stColon {
				return nil, s.bad(c, i)
			}
			state = stValue
			i++
			continue
		case ',':
			if state != stCommaOrEnd {
				return nil, s.bad(c, i)
			}
			state = stValue
			if stack[len(stack)-1] == '{' {
				state = stKey
			}
			i++
			continue
		default:
			if !isLiteral(c) || (state != stValue && state != stArrFirst) {
				return nil, s.bad(c, i)
			}
			if depth1 && state == stValue {
				cur.v0 = i - mark
			}
			j := i
			for { // a number, true, false or null
				if j >= len(buf) {
					rel, relj := i-mark, j-mark
					if !s.more() {
						if len(stack) == 0 {
							s.stack = stack
							return s.take(j), nil
						}
						s.stack = stack
						return nil, errTruncated
					}
					buf, mark = s.buf, s.mark
					i, j = mark+rel, mark+relj
					continue
				}
				if !isLiteral(buf[j]) {
					break
				}
				j++
			}
			end = j
		}
		// A value ended at end.
		if len(stack) == 0 {
			s.stack = stack
			return s.take(end), nil
		}
		if depth1 && stack[0] == '{' {
			cur.v1 = end - mark
			s.members = append(s.members, cur)
		}
		state = stCommaOrEnd
		i = end
		// A value is nearly always followed by ',' (then a key in an object).
		if i < len(buf) && buf[i] == ',' {
			state = stValue
			if stack[len(stack)-1] == '{' {
				state = stKey
			}
			i++
		}
	}
}

func (s *stream) bad(c byte, i int) error {
	s.members = s.members[:0]
	return fmt.Errorf("unexpected %q at offset %d", c, s.offset(i))
}

func isLiteral(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E'
}

func (s *stream) take(end int) []byte {
	v := s.buf[s.mark:end]
	s.pos = end
	return v
}

// stringEnd returns the index just past the closing quote of the string
// whose opening quote is at buf[i] (indexes relative to mark stay valid).
func (s *stream) stringEnd(i int) (int, bool) {
	j := i + 1 // (readValue has already tried short strings inline)
	for {
		k := bytes.IndexByte(s.buf[j:], '"')
		if k < 0 {
			rel, relj := i-s.mark, len(s.buf)-s.mark
			if !s.more() {
				return 0, false
			}
			i, j = s.mark+rel, s.mark+relj
			continue
		}
		q := j + k
		bs := 0
		for p := q - 1; p > i && s.buf[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			return q + 1, true
		}
		j = q + 1
	}
}

// resync skips to the next byte sequence that looks like the start of a
// Streams LogEntry object: '{' followed by whitespace and one of its keys.
// It returns false at the end of input.
func (s *stream) resync() bool {
	for {
		i := s.pos
		for {
			k := bytes.IndexByte(s.buf[i:], '{')
			if k < 0 {
				i = len(s.buf)
				break
			}
			i += k
			j := i + 1
			for j < len(s.buf) && (s.buf[j] == ' ' || s.buf[j] == '\n' || s.buf[j] == '\r' || s.buf[j] == '\t') {
				j++
			}
			if len(s.buf)-j < 12 && !s.eof {
				break // not enough bytes to decide: read more, then look again
			}
			for _, key := range entryKeys {
				if bytes.HasPrefix(s.buf[j:], key) {
					s.pos = i
					return true
				}
			}
			i++
		}
		s.pos, s.mark = i, i
		if !s.more() && s.pos >= len(s.buf) {
			return false
		}
	}
}

var entryKeys = [][]byte{[]byte(`"component"`), []byte(`"level"`), []byte(`"text"`), []byte(`"time"`)}
