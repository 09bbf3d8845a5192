package logparse

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Slice-level JSON helpers: walk an object or array and hand out raw value
// spans without allocating a tree. They check structure (quotes, nesting,
// separators) and leave the grammar of skipped values to whoever decodes them.

var errSyntax = errors.New("invalid JSON")

var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
		// Indentation runs (pretty-printed snapshots): 8 spaces at a time.
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:]) == 0x2020202020202020 {
			i += 8
		}
	}
	return i
}

// index maps the objects and arrays of one entry scanned by readValue to
// their ends, so walking into a value skips its nested values with a lookup
// instead of scanning them again. Values handed to the helpers below are
// subslices of root, so cap(root)-cap(v) is v's offset in root. A nil index
// means scan.
type index struct {
	root  []byte
	spans []span // sorted by start, relative to root
}

// end returns the index in v just past the object or array starting at v[i],
// or -1 if the index does not know it.
func (x *index) end(v []byte, i int) int {
	if x == nil {
		return -1
	}
	base := cap(x.root) - cap(v)
	k, ok := slices.BinarySearchFunc(x.spans, base+i, func(s span, t int) int { return cmp.Compare(s.start, t) })
	if !ok {
		return -1
	}
	if e := x.spans[k].end - base; e > i && e <= len(v) {
		return e
	}
	return -1
}

// valueEnd returns the index just past the value starting at b[i].
func valueEnd(x *index, b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errSyntax
	}
	switch b[i] {
	case '"':
		return strEnd(b, i)
	case '{', '[':
		if e := x.end(b, i); e >= 0 {
			return e, nil
		}
		depth := 0
		for i < len(b) {
			if !structural[b[i]] {
				i++
				continue
			}
			switch b[i] {
			case '"':
				e, err := strEnd(b, i)
				if err != nil {
					return 0, err
				}
				i = e
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errSyntax
	case '}', ']', ',', ':':
		return 0, errSyntax
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\n', '\r', '\t', ':':
				return j, nil
			}
			j++
		}
		return j, nil
	}
}

func strEnd(b []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return 0, errSyntax
		}
		q := j + k
		bs := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			return q + 1, nil
		}
		j = q + 1
	}
}

// iterObject calls fn for each member of the object b. key is the raw key
// without quotes (escapes not decoded: Streams keys have none).
func iterObject(x *index, b []byte, fn func(key, val []byte) error) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return fmt.Errorf("%w: want an object", errSyntax)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return fmt.Errorf("%w: want a key at %d", errSyntax, i)
		}
		ke, err := strEnd(b, i)
		if err != nil {
			return err
		}
		key := b[i+1 : ke-1]
		i = skipWS(b, ke)
		if i >= len(b) || b[i] != ':' {
			return fmt.Errorf("%w: want ':' at %d", errSyntax, i)
		}
		i = skipWS(b, i+1)
		ve, err := valueEnd(x, b, i)
		if err != nil {
			return err
		}
		if err := fn(key, b[i:ve]); err != nil {
			return err
		}
		i = skipWS(b, ve)
		if i >= len(b) {
			return fmt.Errorf("%w: object not closed", errSyntax)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return nil
		default:
			return fmt.Errorf("%w: want ',' or '}' at %d", errSyntax, i)
		}
	}
}

// iterArray calls fn for each element of the array b.
func iterArray(x *index, b []byte, fn func(val []byte) error) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '[' {
		return fmt.Errorf("%w: want an array", errSyntax)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for {
		ve, err := valueEnd(x, b, i)
		if err != nil {
			return err
		}
		if err := fn(b[i:ve]); err != nil {
			return err
		}
		i = skipWS(b, ve)
		if i >= len(b) {
			return fmt.Errorf("%w: array not closed", errSyntax)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case ']':
			return nil
		default:
			return fmt.Errorf("%w: want ',' or ']' at %d", errSyntax, i)
		}
	}
}

// str decodes a JSON string value; ok is false for anything else.
func str(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	in := v[1 : len(v)-1]
	if bytes.IndexByte(in, '\\') < 0 {
		return string(in), true
	}
	return unquote(in)
}

// unquote decodes the escapes of a JSON string body.
func unquote(in []byte) (string, bool) {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(in) {
			return "", false
		}
		switch in[i] {
		case '"', '\\', '/':
			out = append(out, in[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(in[i+1:])
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(in[min(i+3, len(in)):]); ok && i+2 < len(in) && in[i+1] == '\\' && in[i+2] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					}
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return string(out), true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// strView is str without copying when the string has no escapes: the result
// aliases v and must be cloned before it is kept.
func strView(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	in := v[1 : len(v)-1]
	if bytes.IndexByte(in, '\\') >= 0 {
		return str(v)
	}
	return unsafe.String(unsafe.SliceData(in), len(in)), true
}

func num(v []byte) (float64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	if v[0] == '"' { // numbers logged as strings
		s, ok := str(v)
		if !ok {
			return 0, false
		}
		v = []byte(s)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	return f, err == nil
}

// field returns the value of key in object b (nil if absent or b is not an
// object).
func field(x *index, b []byte, key string) []byte {
	var out []byte
	_ = iterObject(x, b, func(k, v []byte) error {
		if string(k) == key {
			out = v
			return errStop
		}
		return nil
	})
	return out
}

var errStop = errors.New("stop")
