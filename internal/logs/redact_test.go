package logs

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// Canary customer data: none of these strings may reach a file or export.
var canaries = []string{
	"+14155550123", "415-555-0199", "(212) 555-0147", "+44 20 7946 0958", "07700900461",
	"jane.doe@example.com", "J.Smith+vip@corp.example.org",
	"Zebulon", "Quixley", "Marguerite Fenwick-Oyelaran",
	"sk_live_CANARYTOKEN12345", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5",
	"CANARYSIGNATURE0123456789abcdef", "AKIACANARYKEYID00001", "CANARYSECURITYTOKEN",
	"CANARYCREDENTIAL9876", "ACCOUNT-4417-CANARY", "16505550188", "6505550177", "4111111111111111",
	"07700 900123", "07911123456", "6505550166", "5105105105105100", "16505550155", "650 555 0133", "650.555.0144",
}

// canaryEntries place every canary where it really shows up in CCP logs:
// numbers and addresses in text, names and attributes in logged objects,
// tokens in headers, URLs and call configuration.
func canaryEntries() []map[string]any {
	texts := []string{
		"Dialing +14155550123", "Transfer to 415-555-0199", "callback (212) 555-0147", "UK caller +44 20 7946 0958",
		"Phone number 07700900461", "dialing +16505550188 (16505550188)", "call back 6505550177", "email from jane.doe@example.com", "cc J.Smith+vip@corp.example.org",
		"UK mobile +44 7700 900123 (07700 900123)", "callback 07911123456", "INVITE sip:6505550166@pstn.example", "Send digits 5105105105105100#",
		"Authorization: Bearer sk_live_CANARYTOKEN12345", "id token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5",
		"GET https://b.s3.amazonaws.com/r.wav?X-Amz-Credential=AKIACANARYKEYID00001&X-Amz-Signature=CANARYSIGNATURE0123456789abcdef&X-Amz-Security-Token=CANARYSECURITYTOKEN",
	}
	var out []map[string]any
	for _, t := range texts {
		out = append(out, entry(t))
	}
	dtmf := entry("sendDigits")
	dtmf["objects"] = []any{map[string]any{"digits": "4111111111111111"}}
	numbers := entry("addParticipant")
	numbers["objects"] = []any{map[string]any{"number": json.Number("16505550155"), "endpoint": "+1 650 555 0133", "customerNumber": "650.555.0144"}}
	out = append(out, numbers)
	out = append(out, dtmf)
	e := entry("contact")
	e["objects"] = []any{map[string]any{"firstName": "Zebulon", "lastName": "Quixley", "customerName": "Marguerite Fenwick-Oyelaran",
		"attributes":         map[string]any{"Account": map[string]any{"name": "Account", "value": "ACCOUNT-4417-CANARY"}},
		"softphoneMediaInfo": map[string]any{"callConfigJson": `{"signalingEndpoint":"wss://x","iceServers":[{"urls":["turn:t"],"username":"u","credential":"CANARYCREDENTIAL9876"}]}`}}}
	return append(out, e)
}

func TestCanariesAreUsed(t *testing.T) {
	// Without HTML escaping: json.Marshal writes & < > as \u0026 \u003c \u003e, so a canary
	// holding one of them would never be found as written.
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(canaryEntries()); err != nil {
		t.Fatal(err)
	}
	all := buf.String()
	for _, c := range canaries {
		if !strings.Contains(all, c) {
			t.Errorf("canary %q is not in canaryEntries", c)
		}
	}
}

func newTestRedactor(t *testing.T) *Redactor {
	t.Helper()
	r, err := NewRedactor(testPseudoKey)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var pseudoRE = regexp.MustCompile(`\[(phone|email|token|secret|name|attr|value|address|text|id|url|login):[0-9a-f]{8}\]`)

func TestRedactText(t *testing.T) {
	r := newTestRedactor(t)
	for _, tc := range []struct {
		in       string
		gone     []string // must not survive
		keep     []string // must survive
		pseudoOK bool     // at least one pseudonym expected
	}{
		{"Dialing +14155550123 now", []string{"4155550123"}, []string{"Dialing", "now"}, true},
		{"call from (212) 555-0147 and 415-555-0199", []string{"555-0147", "555-0199"}, nil, true},
		{"uk +44 20 7946 0958.", []string{"7946"}, []string{"uk"}, true},
		{"Phone number 07700900461", []string{"07700900461"}, nil, true},
		{"Send digits 1234#", []string{"1234"}, nil, true},
		{"mail jane.doe@example.com!", []string{"jane.doe"}, []string{"mail"}, true},
		{"Authorization: Bearer sk_live_CANARYTOKEN12345", []string{"CANARYTOKEN"}, []string{"Bearer"}, true},
		{`{"authToken":"CANARYSECURITYTOKEN"}`, []string{"CANARYSECURITYTOKEN"}, []string{"authToken"}, true},
		{`callConfigJson {&quot;credential&quot;:&quot;CANARYCREDENTIAL9876&quot;}`, []string{"CANARYCREDENTIAL9876"}, nil, true},
		{"https://b.s3.amazonaws.com/r.wav?X-Amz-Credential=AKIACANARYKEYID00001&X-Amz-Signature=CANARYSIGNATURE0123456789abcdef&X-Amz-Security-Token=CANARYSECURITYTOKEN",
			[]string{"AKIACANARY", "CANARYSIGNATURE", "CANARYSECURITYTOKEN"}, []string{"https://b.s3.amazonaws.com/r.wav?X-Amz-Credential="}, true},
		{"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5", []string{"eyJzdWIi"}, nil, true},
		// A number followed by itself in parentheses (the + match must not swallow both and give up).
		{"dialing +15555550142 (15555550142)", []string{"5555550142"}, []string{"dialing [phone:", "] ([phone:"}, true},
		{"call back 15555550142, or 555 555 0143", []string{"5555550142", "555 555 0143"}, []string{"call back"}, true},
		{"national 5555550142 5555550143.", []string{"5555550142", "5555550143"}, []string{"national"}, true},
		{"dialing +15555550142(15555550142) now", []string{"5555550142"}, []string{"dialing [phone:", "]([phone:", "]) now"}, true},
		{"uk +447700900461 (07700900461)", []string{"7700900461"}, []string{"uk [phone:", "] ([phone:"}, true},
		{"uk +44 20 7946 0958 (020 7946 0958)", []string{"7946", "0958"}, []string{"uk [phone:", "] ([phone:"}, true},
		{"+1 (555) 555-0142, +1.555.555.0143, +44 (0)20 7946 0958.", []string{"555", "7946"}, []string{", ", "."}, true},
		{"short +1234567 long +8613800138000", []string{"1234567", "8613800138000"}, []string{"short", "long"}, true},
		{"callback 07911123456; national 0612345678", []string{"07911123456", "0612345678"}, []string{"callback", "national"}, true},
		{"sip:5555550142@pstn.example tel:+15555550142", []string{"5555550142"}, []string{"sip:[", "tel:[phone:"}, true},
		{"numbers 15555550142,15555550143", []string{"5555550142", "5555550143"}, []string{"numbers"}, true},
		{"Send digits 4111111111111111#", []string{"4111"}, []string{"Send digits"}, true},
		{"Send digits 1234*5678#", []string{"1234", "5678"}, []string{"Send digits"}, true},
		{"send digits 4", []string{"digits 4"}, []string{"send digits"}, true},
		{"Senddigit#5 ", []string{"#5"}, []string{"Senddigit#[phone:"}, true},
		{"0791112245:5555550142:07700900461 end", []string{"0791112245", "5555550142", "07700900461"}, []string{"]:[phone:", " end"}, true},
		{"0791112245:+15555550142", []string{"0791112245", "5555550142"}, []string{"]:[phone:"}, true},
		{"host 0791112245:80", nil, []string{"0791112245:80"}, false},
		{"send digits # then *", nil, []string{"send digits # then *"}, false},
		{"Phone number +15555550142 (15555550142)", []string{"5555550142"}, []string{"Phone number [phone:"}, true},
		{"mobile +44 7700 900123 (07700 900123)", []string{"7700", "900123"}, []string{"mobile [phone:", "] ([phone:"}, true},
		// Things that look numeric but are not phone numbers stay.
		{"epoch 1795318760 ms 1795318760123 count 2147 build 2.28.2 port 34115", nil,
			[]string{"1795318760", "1795318760123", "2147", "2.28.2", "34115"}, false},
		{"contact 5555550142-abcd 5555550142.5 v5555550142 id_5555550142", nil,
			[]string{"5555550142-abcd", "5555550142.5", "v5555550142", "id_5555550142"}, false},
		{"too long +123456789012345678, seq 00000000000000004417, zero-padded 0000012345, 5555550142:8080", nil,
			[]string{"+123456789012345678", "00000000000000004417", "0000012345", "5555550142:8080"}, false},
		{"loggerId 1795316515755-sp74hswvch at 1795316515755, 200 OK in 183442 ms, 10.0.12.7:34115, 2147 records", nil,
			[]string{"1795316515755-sp74hswvch", "at 1795316515755,", "200", "183442", "10.0.12.7:34115", "2147"}, false},
		{"2026-11-21T10:00:00.123Z skew -23 ms", nil, []string{"2026-11-21T10:00:00.123Z", "-23"}, false},
		{"arn:aws:connect:us-east-1:123456789012:instance/4a1f3c2e-1111-2222-3333-444455556666/agent/x", nil,
			[]string{"123456789012", "4a1f3c2e-1111-2222-3333-444455556666"}, false},
		{"AWSClient: --> Calling operation 'getAgentSnapshot'", nil, []string{"getAgentSnapshot"}, false},
		{"localTimestamp 1763719200123 ip 10.0.12.7", nil, []string{"1763719200123", "10.0.12.7"}, false},
	} {
		got := r.Text(tc.in)
		for _, g := range tc.gone {
			if strings.Contains(got, g) {
				t.Errorf("Text(%q) = %q: still contains %q", tc.in, got, g)
			}
		}
		for _, k := range tc.keep {
			if !strings.Contains(got, k) {
				t.Errorf("Text(%q) = %q: lost %q", tc.in, got, k)
			}
		}
		if pseudoRE.MatchString(got) != tc.pseudoOK {
			t.Errorf("Text(%q) = %q: pseudonym present %v, want %v", tc.in, got, !tc.pseudoOK, tc.pseudoOK)
		}
		if again := r.Text(got); again != got {
			t.Errorf("not idempotent: %q → %q", got, again)
		}
	}
}

func TestPseudonymsFollowTheCaller(t *testing.T) {
	r := newTestRedactor(t)
	a := r.Text("inbound +1 415 555 0123")
	b := r.Text(`{"phoneNumber":"+14155550123"}`)
	pa, pb := pseudoRE.FindString(a), pseudoRE.FindString(b)
	if pa == "" || pa != pb {
		t.Fatalf("got %q and %q, want the same pseudonym", a, b)
	}
	for _, form := range []string{"call back 4155550123", "call back 14155550123", "415-555-0123", "(415) 555-0123", "+1 (415) 555-0123",
		"tel:+1.415.555.0123", "Phone number 4155550123", "dialing +14155550123 (14155550123)"} {
		for _, p := range pseudoRE.FindAllString(r.Text(form), -1) {
			if p != pa {
				t.Errorf("%q got %q, want %q (the same caller)", form, p, pa)
			}
		}
	}
	for _, obj := range []string{`[{"digits":"4155550123"}]`, `[{"number":14155550123}]`, `[{"endpoint":"+1 415 555 0123"}]`,
		`[{"customerNumber":"(415) 555-0123"}]`, `[{"chatMediaInfo":{"customerName":"+14155550123"}}]`, `[{"note":"from 415.555.0123"}]`} {
		if got := string(r.Objects(json.RawMessage(obj))); pseudoRE.FindString(got) != pa {
			t.Errorf("%s → %s, want %s (the same caller)", obj, got, pa)
		}
	}
	// "+55 55 5555-0142" is a Brazilian number, not +1 555…: no country code is added after a "+".
	if p := pseudoRE.FindString(r.Text("+5555550142")); p == r.Pseudonym("phone", "15555550142") {
		t.Errorf("+5555550142 got the pseudonym of +15555550142")
	}
	other, _ := NewRedactor([]byte("another installation key 123456"))
	if other.Text("inbound +1 415 555 0123") == a {
		t.Error("pseudonym does not depend on the key")
	}
}

func TestRedactObjects(t *testing.T) {
	r := newTestRedactor(t)
	in := `[{"snapshot":{"state":{"name":"Available","type":"routable"},"contacts":[{"contactId":"c-1","state":{"type":"connected"},
	"attributes":{"CustomerName":{"name":"CustomerName","value":"Zebulon Quixley"},"Account":{"name":"Account","value":"ACCOUNT-4417-CANARY"}},
	"connections":[{"endpoint":{"type":"phone_number","name":"Marguerite Fenwick-Oyelaran","phoneNumber":"+14155550123"},"address":{"phoneNumber":"+14155550123"}}],
	"customerEndpoint":"jane.doe@example.com","chatMediaInfo":{"customerName":"Zebulon"}}]},
	"dtmf":{"digits":"4111111111111111"},"configuration":{"name":"Agent Quixley","username":"zquixley","extension":"415-555-0199"},"note":"write to J.Smith+vip@corp.example.org"}]`
	out := string(r.Objects(json.RawMessage(in)))
	grepBytes(t, "objects", []byte(out), canaries)
	for _, keep := range []string{`"Available"`, `"routable"`, `"connected"`, `"c-1"`, `"CustomerName"`, `"Account"`, `"phone_number"`} {
		if !strings.Contains(out, keep) {
			t.Errorf("lost %s in %s", keep, out)
		}
	}
	if !json.Valid([]byte(out)) {
		t.Fatalf("invalid JSON: %s", out)
	}
	if got := string(r.Objects(json.RawMessage(`{not json`))); strings.Contains(got, "not json") {
		t.Errorf("invalid objects kept raw: %s", got)
	}
	if again := string(r.Objects(json.RawMessage(out))); again != out {
		t.Errorf("objects not idempotent:\n%s\n%s", out, again)
	}
	if got := string(r.Objects(json.RawMessage(`{"a":1}`))); got != `[{"a":1}]` {
		t.Errorf("non-array: got %s", got)
	}
}

func TestRedactRecord(t *testing.T) {
	r := newTestRedactor(t)
	rec := Record{Text: "Softphone call from +14155550123", Exception: &Exception{Type: "Error", Message: "no route to jane.doe@example.com",
		Stack: []string{"at dial (+44 20 7946 0958)"}}, Objects: json.RawMessage(`[{"displayName":"Marguerite Fenwick-Oyelaran"}]`)}
	r.Record(&rec)
	b, _ := json.Marshal(rec)
	grepBytes(t, "record", b, canaries)
}
