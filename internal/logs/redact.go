package logs

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// Redactor removes customer data before anything is written. Values are
// replaced by keyed pseudonyms such as "[phone:3fa2c1d0]": HMAC-SHA256 with a
// per-installation key, so the same caller can be followed across lines and
// days but cannot be recovered or confirmed without the key.
type Redactor struct {
	key  []byte
	pool sync.Pool
}

// MinPseudonymKeyLen is the minimum HMAC key length.
const MinPseudonymKeyLen = 16

// NewRedactor returns a Redactor keyed with key (from the OS keyring).
func NewRedactor(key []byte) (*Redactor, error) {
	if len(key) < MinPseudonymKeyLen {
		return nil, fmt.Errorf("%w: pseudonym key must be at least %d bytes, got %d", ErrKey, MinPseudonymKeyLen, len(key))
	}
	r := &Redactor{key: bytes.Clone(key)}
	r.pool.New = func() any { return hmac.New(sha256.New, r.key) }
	return r, nil
}

// Pseudonym returns "[kind:xxxxxxxx]" for a normalised value.
func (r *Redactor) Pseudonym(kind, value string) string {
	m := r.pool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	var sum [sha256.Size]byte
	m.Sum(sum[:0])
	r.pool.Put(m)
	return "[" + kind + ":" + hex.EncodeToString(sum[:4]) + "]"
}

// Keys whose string values are customer or secret data. It mirrors Streams'
// own list (src/log.js redactSensitiveInfo) and adds the names ccpdesk sees
// in contact data. Compared lower-case.
var redactKeys = map[string]string{
	"quickconnectname": "name", "token": "token", "login": "login", "credential": "secret",
	"internalip": "ip", "authtoken": "token", "phonenumber": "phone", "firstname": "name",
	"lastname": "name", "emailaddress": "email", "address": "address", "displayname": "name",
	"agentname": "name", "description": "text", "name": "name", "value": "value", "summary": "text",
	"customername": "name", "customerid": "id", "speakerid": "id", "customerspeakerid": "id",
	"presignedurl": "url", "password": "secret", "secret": "secret", "accesstoken": "token",
	"refreshtoken": "token", "idtoken": "token", "participanttoken": "token",
	"connectiontoken": "token", "sessiontoken": "token", "authorization": "token",
	"cookie": "secret", "username": "login", "email": "email", "phone": "phone",
	"mobile": "phone", "customerendpoint": "address", "connectiondata": "secret",
	// DTMF and dialled numbers (sendDigits, addParticipant): card numbers and callers.
	"digits": "phone", "dtmf": "phone", "number": "phone", "customernumber": "phone",
	"dialednumber": "phone", "callernumber": "phone", "endpoint": "address",
}

// Kinds whose values, when they are a phone number, get the phone pseudonym instead:
// Streams logs a chat customer's number as customerName, an endpoint may be a number.
var phoneValueKinds = map[string]bool{"phone": true, "address": true, "name": true, "text": true, "value": true, "login": true}

// Subtrees kept as they are (apart from text redaction): agent and contact
// state names are not customer data and the timeline needs them.
var keepKeys = map[string]bool{"state": true, "nextstate": true}

// Record redacts a record in place: text, exception and every string inside
// objects (by key and by content). Objects that are not valid JSON are
// replaced, never stored raw.
func (r *Redactor) Record(rec *Record) {
	rec.Text = r.Text(rec.Text)
	if rec.Exception != nil {
		rec.Exception.Message = r.Text(rec.Exception.Message)
		for i, l := range rec.Exception.Stack {
			rec.Exception.Stack[i] = r.Text(l)
		}
	}
	rec.Objects = r.Objects(rec.Objects)
}

// Objects redacts a JSON array (or any JSON value) of logged objects.
func (r *Redactor) Objects(raw json.RawMessage) json.RawMessage {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "[]" || string(t) == "null" {
		return emptyArray
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return json.RawMessage(`[{"ccpdesk":"objects removed: invalid JSON"}]`)
	}
	v = r.value("", v)
	if _, ok := v.([]any); !ok {
		v = []any{v}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`[{"ccpdesk":"objects removed: cannot encode"}]`)
	}
	return out
}

func (r *Redactor) value(key string, v any) any {
	lk := strings.ToLower(key)
	switch x := v.(type) {
	case map[string]any:
		if lk == "attributes" {
			return r.attributes(x)
		}
		keep := keepKeys[lk]
		for k, e := range x {
			if keep {
				x[k] = r.keepValue(e)
			} else {
				x[k] = r.value(k, e)
			}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = r.value(key, e)
		}
		return x
	case string:
		if kind, ok := redactKeys[lk]; ok {
			if x == "" || x == "[redacted]" || isPseudonym(x) {
				return x
			}
			if phoneValueKinds[kind] && phoneLike(x) {
				kind = "phone"
			}
			return r.Pseudonym(kind, normalize(kind, x))
		}
		if lk == "callconfigjson" {
			return r.Text(x) // credentials inside are caught by the secret rule
		}
		return r.Text(x)
	case json.Number:
		if kind, ok := redactKeys[lk]; ok && (kind == "phone" || kind == "id") {
			return r.Pseudonym(kind, normalize(kind, x.String()))
		}
		return x
	}
	return v
}

// keepValue leaves structure and names alone but still scrubs content.
func (r *Redactor) keepValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = r.keepValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = r.keepValue(e)
		}
	case string:
		return r.Text(x)
	}
	return v
}

// attributes keeps attribute keys (names chosen by the flow designer) and
// pseudonymises every value, where Streams drops the whole object.
func (r *Redactor) attributes(m map[string]any) any {
	for k, e := range m {
		switch a := e.(type) {
		case map[string]any:
			for ak, av := range a {
				if strings.EqualFold(ak, "name") {
					continue
				}
				a[ak] = r.pseudoAny("attr", av)
			}
		default:
			m[k] = r.pseudoAny("attr", a)
		}
	}
	return m
}

func (r *Redactor) pseudoAny(kind string, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if isPseudonym(x) {
			return x
		}
		return r.Pseudonym(kind, x)
	default:
		b, _ := json.Marshal(x)
		return r.Pseudonym(kind, string(b))
	}
}

func normalize(kind, v string) string {
	switch kind {
	case "email":
		return strings.ToLower(strings.TrimSpace(v))
	case "phone":
		return normPhone(v, strings.HasPrefix(strings.TrimSpace(v), "+"))
	}
	return strings.TrimSpace(v)
}

// phoneLike: the whole value is a phone number — an optional "+", 7–15 digits and
// separators " ().-" only.
func phoneLike(v string) bool {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "+")
	n := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isDigit(c):
			n++
		case !isPhoneSep(c):
			return false
		}
	}
	return n >= 7 && n <= 15
}

// isPseudonym: v is exactly "[kind:xxxxxxxx]", left as it is so redaction stays idempotent.
func isPseudonym(v string) bool {
	i := strings.IndexByte(v, ':')
	if len(v) < 12 || v[0] != '[' || v[len(v)-1] != ']' || i < 2 || len(v)-i != 10 {
		return false
	}
	for j := 1; j < i; j++ {
		if v[j] < 'a' || v[j] > 'z' {
			return false
		}
	}
	for j := i + 1; j < len(v)-1; j++ {
		if c := v[j]; !isDigit(c) && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func digits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
