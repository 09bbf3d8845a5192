package logs

import (
	"regexp"
	"strings"
)

// Content rules applied to every string (log text, exception, object values).
// Each has a cheap pre-check so ordinary lines cost a few byte scans, which
// keeps the writer above 100k records/s.
var (
	// Query parameters of presigned URLs and tokens in URLs.
	reURLSecret = regexp.MustCompile(`(?i)([?&](?:x-amz-[a-z-]+|signature|policy|key-pair-id|token|access_token|id_token|refresh_token|authtoken|auth_token|code|samlresponse|relaystate|sig|se|sp|sv|sr|skoid|sktid)=)([^&\s"'<>#]+)`)
	// "Bearer xyz", "Basic xyz".
	reBearer = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)([A-Za-z0-9._~+/=-]{6,})`)
	// key: value / "key":"value" / key=value for secret-looking keys, also
	// inside JSON held in a string (callConfigJson uses &quot;).
	reKeyed = regexp.MustCompile(`(?i)((?:auth_?token|access_?token|refresh_?token|id_?token|session_?token|security_?token|participant_?token|connection_?token|connectionauthenticationtoken|token|credential|password|passwd|secret|authorization|cookie|x-amz-security-token)(?:"|&quot;|'|\\")?\s*[:=]\s*(?:"|&quot;|'|\\")?)([^"&\s,;}'\\\[][^"&\s,;}'\\]{2,})`)
	// JSON Web Tokens.
	reJWT = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	// E-mail addresses.
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// North-American style: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567.
	rePhoneNANP = regexp.MustCompile(`(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b`)
	// A keyword announcing a number: "Phone number 07700900123", "Send digits 1234#",
	// "tel:+44…". The number's extent is found by numberEnd / dtmfEnd, not by the pattern.
	rePhoneCtx = regexp.MustCompile(`(?i)\b(phone(?:\s*number)?|tel|mobile|caller(?:\s*id)?|ani|dnis|send\s*digits?|dtmf)\s*[:=#]?\s*[+*#0-9]`)
)

// Text redacts customer data and secrets inside free text.
func (r *Redactor) Text(s string) string {
	if len(s) < 6 {
		return s
	}
	hasEq, hasQuery, hasAt, plusDigit, nDigits := false, false, false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			nDigits++
		case c == '=' || c == ':':
			hasEq = true
		case c == '?' || c == '&':
			hasQuery = true
		case c == '@':
			hasAt = true
		case c == '+':
			plusDigit = plusDigit || (i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '9')
		}
	}
	var lower string // computed once, only when a keyword rule might apply
	has := func(words ...string) bool {
		if lower == "" {
			lower = strings.ToLower(s)
		}
		for _, w := range words {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	if has("bearer", "basic") {
		s, lower = replaceGroup(reBearer, s, 3, func(v string) string { return r.Pseudonym("token", v) }), ""
	}
	if hasEq && hasQuery {
		s, lower = replaceGroup(reURLSecret, s, 2, func(v string) string { return r.Pseudonym("secret", v) }), ""
	}
	if hasEq && has("token", "credential", "passw", "secret", "authorization", "cookie") {
		s, lower = replaceGroup(reKeyed, s, 2, func(v string) string {
			if strings.EqualFold(v, "bearer") || strings.EqualFold(v, "basic") {
				return v // the token after it was handled above
			}
			return r.Pseudonym("secret", v)
		}), ""
	}
	if strings.Contains(s, "eyJ") {
		s = reJWT.ReplaceAllStringFunc(s, func(v string) string { return r.Pseudonym("token", v) })
	}
	if hasAt {
		s = reEmail.ReplaceAllStringFunc(s, func(v string) string { return r.Pseudonym("email", normalize("email", v)) })
	}
	if nDigits > 0 && has("phone", "tel", "mobile", "caller", "ani", "dnis", "digit", "dtmf") {
		s = r.keywordNumbers(s)
	}
	if nDigits >= 7 {
		if plusDigit {
			s = r.intlNumbers(s)
		}
		if hasDigitGroup(s) {
			s = rePhoneNANP.ReplaceAllStringFunc(s, func(v string) string { return r.Pseudonym("phone", normPhone(v, false)) })
		}
		if nDigits >= 10 {
			s = r.bareNumbers(s)
		}
	}
	return s
}

// Phone numbers are found by scanning rather than by regular expressions: a pattern
// with optional separators runs on into the next number ("+15555550142 (15555550142)"
// is one 22-digit match, then rejected as too long), and scanning is cheaper.

// numberEnd returns where the number whose first digit is s[i] ends, and its digit
// count: digit groups joined by 1–3 separators from " ().-", a '(' only while at most
// 4 digits have been read (a country code, "(0)", an area code: "+1 (555) 555-0142",
// "+44 (0)20 7946 0958" — a later '(' starts something else, such as the same number
// again), and never a group that would take the count over maxDigits.
func numberEnd(s string, i, maxDigits int) (end, n int) {
	end = i
	for j := i; ; {
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if n+k-j > maxDigits {
			return end, n
		}
		n, end = n+k-j, k
		m, paren := k, false
		for m < len(s) && m-k < 3 && isPhoneSep(s[m]) {
			paren = paren || s[m] == '('
			m++
		}
		if m == k || m == len(s) || !isDigit(s[m]) || (paren && n > 4) {
			return end, n
		}
		j = m
	}
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool    { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isPhoneSep(c byte) bool { return c == ' ' || c == '(' || c == ')' || c == '.' || c == '-' }

// normPhone returns the digits a phone pseudonym is computed from: the same number gets
// the same pseudonym however it was written. A North American number written without
// "+" and without its country code (5555550142, 555-555-0142, (555) 555-0142) gets
// its 1, as in +1 555 555 0142.
func normPhone(v string, plus bool) string {
	d := digits(v)
	if !plus && len(d) == 10 && isNANP(d) {
		return "1" + d
	}
	return d
}

// isNANP: a 10-digit North American number, NXX NXX XXXX (area code and exchange
// start with 2–9).
func isNANP(d string) bool {
	return len(d) == 10 && d[0] >= '2' && d[3] >= '2'
}

// intlNumbers redacts numbers written with a leading "+" (E.164 and international
// notation): 7–15 digits, separators as numberEnd allows, and another form of the
// number in parentheses right after it (parenNumber).
func (r *Redactor) intlNumbers(s string) string {
	var b strings.Builder
	last, changed := 0, false
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '+' || s[i+1] < '1' || s[i+1] > '9' {
			continue
		}
		end, n := numberEnd(s, i+1, 15)
		if n < 7 {
			continue
		}
		if !changed {
			b.Grow(len(s))
			changed = true
		}
		b.WriteString(s[last:i])
		b.WriteString(r.Pseudonym("phone", normPhone(s[i+1:end], true)))
		last = r.parenNumber(&b, s, end)
		i = last - 1
	}
	if !changed {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// parenNumber redacts another form of the number that ended at s[end] written right
// after it in parentheses ("+15555550142 (15555550142)", "+44 20 7946 0958 (020 7946
// 0958)"): it writes s[end:] up to the end of that number's pseudonym to b and returns
// where it stopped (end when there is none).
func (r *Redactor) parenNumber(b *strings.Builder, s string, end int) int {
	k := end
	if k < len(s) && s[k] == ' ' {
		k++
	}
	if k+1 >= len(s) || s[k] != '(' || !isDigit(s[k+1]) {
		return end
	}
	e, n := numberEnd(s, k+1, 15)
	if n < 7 || e == len(s) || s[e] != ')' {
		return end
	}
	b.WriteString(s[end : k+1])
	b.WriteString(r.Pseudonym("phone", normPhone(s[k+1:e], false)))
	return e
}

// bareNumbers redacts a run of digits without "+" or keyword that has the shape of a
// phone number and stands alone:
//   - 10 digits NXX NXX XXXX or 11 digits 1 NXX NXX XXXX (North American, national or
//     with its country code), or 10–11 digits starting with 0 and a non-zero digit
//     (a national number with its trunk prefix: 07700 900461, 0612345678);
//   - not part of a word, ID, path, version, decimal, time or address: the character
//     before is not a letter, digit, '_', '.', '/', '#' or '-'; the one after is not a
//     letter, digit, '_', '/' or '-', nor '.' or ':' followed by a letter or digit — except
//     ':' and another number redacted here (a pseudonym is what the second pass sees there).
//
// What this leaves alone, by shape: epoch seconds and milliseconds (they start with 1
// and have 10 or 13 digits: 1795318760, 1795318760123), AWS account IDs (12), durations,
// counts, status codes, ports and sequence numbers (shorter, or inside an ID: segment
// names are 20 digits), UUID fragments and ARNs (joined to letters, '-' or ':'), IP
// addresses and versions (dots).
func (r *Redactor) bareNumbers(s string) string {
	// The runs with a phone number's shape and a free left side, left to right.
	type run struct{ a, e int }
	var buf [8]run
	runs := buf[:0]
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		a := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if bareShape(s[a:i]) && bareBefore(s, a) {
			runs = append(runs, run{a, i})
		}
	}
	if len(runs) == 0 {
		return s
	}
	// Their right sides, right to left: a number joined by ':' to one that is redacted too
	// ("0791112245:5555550142") stands alone, as it will next to the other's pseudonym
	// when the text is redacted again.
	redact := make([]bool, len(runs))
	some := false
	for k := len(runs) - 1; k >= 0; k-- {
		e := runs[k].e
		redact[k] = bareAfter(s, e) || k+1 < len(runs) && runs[k+1].a == e+1 && s[e] == ':' && redact[k+1]
		some = some || redact[k]
	}
	if !some {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for k, ru := range runs {
		if !redact[k] {
			continue
		}
		b.WriteString(s[last:ru.a])
		b.WriteString(r.Pseudonym("phone", normPhone(s[ru.a:ru.e], false)))
		last = ru.e
	}
	b.WriteString(s[last:])
	return b.String()
}

func bareShape(d string) bool {
	switch {
	case len(d) == 10 && isNANP(d), len(d) == 11 && d[0] == '1' && isNANP(d[1:]):
		return true
	case (len(d) == 10 || len(d) == 11) && d[0] == '0' && d[1] != '0':
		return true
	}
	return false
}

func bareBefore(s string, a int) bool {
	if a == 0 {
		return true
	}
	c := s[a-1]
	return !isAlnum(c) && c != '_' && c != '.' && c != '/' && c != '#' && c != '-'
}

func bareAfter(s string, e int) bool {
	if e == len(s) {
		return true
	}
	switch c := s[e]; {
	case isAlnum(c) || c == '_' || c == '/' || c == '-':
		return false
	case c == '.' || c == ':':
		return e+1 == len(s) || !isAlnum(s[e+1])
	}
	return true
}

// keywordNumbers redacts the number after a keyword (rePhoneCtx): a phone number as
// numberEnd reads it (up to 20 digits), or after "send digits"/"dtmf" the DTMF string
// (digits, '*', '#', joined by single spaces, dashes or commas: card numbers, PINs).
func (r *Redactor) keywordNumbers(s string) string {
	return replaceSpans(rePhoneCtx, s, func(m []int) (a, e int) {
		// a: the value's first character. A keyword after ']' was joined to a word before
		// that word became a pseudonym (one after '[' is in a pseudonym: replaceSpans skips it).
		a = m[1] - 1
		if m[0] > 0 && s[m[0]-1] == ']' {
			return -1, -1
		}
		if dtmfKeyword(s[m[2]:m[3]]) {
			// Every DTMF string with a digit, even one key: a card number may be sent a digit
			// at a time. Keys without digits ("#", "*") carry nothing, and "#" there may be the
			// separator before a pseudonym ("digit#[phone:…]"): redacting it would not be idempotent.
			if e, n := dtmfEnd(s, a); n > 0 {
				return a, e
			}
			return -1, -1
		}
		st := a
		if s[st] == '+' {
			st++
		}
		if st == len(s) || !isDigit(s[st]) {
			return -1, -1
		}
		if e, n := numberEnd(s, st, 20); n >= 3 {
			return a, e
		}
		return -1, -1
	}, func(b *strings.Builder, m []int, a, e int) int {
		b.WriteString(r.Pseudonym("phone", normPhone(s[a:e], s[a] == '+')))
		if dtmfKeyword(s[m[2]:m[3]]) {
			return e
		}
		return r.parenNumber(b, s, e)
	})
}

// dtmfKeyword reports a rePhoneCtx keyword announcing DTMF ("send digits", "dtmf"), not a phone number.
func dtmfKeyword(kw string) bool { return kw[0]|0x20 == 's' || strings.EqualFold(kw, "dtmf") }

// dtmfEnd returns where a DTMF string starting at s[i] ends and its digit count.
func dtmfEnd(s string, i int) (end, n int) {
	end = i
	for j := i; j < len(s); j++ {
		switch c := s[j]; {
		case isDigit(c):
			n++
			end = j + 1
		case c == '*' || c == '#':
			end = j + 1
		case (c == ' ' || c == '-' || c == ',') && j > i && j+1 < len(s) && (isDigit(s[j+1]) || s[j+1] == '*' || s[j+1] == '#') && end == j:
		default:
			return end, n
		}
	}
	return end, n
}

// hasDigitGroup reports three digits followed by a separator and a digit
// (or "(ddd)"), the shape every rePhoneNANP match starts with.
func hasDigitGroup(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			run++
			continue
		}
		if run == 3 && (c == ' ' || c == '.' || c == '-' || c == ')') && i+1 < len(s) {
			return true
		}
		run = 0
	}
	return false
}

// replaceGroup replaces submatch g of every match with fn(submatch).
func replaceGroup(re *regexp.Regexp, s string, g int, fn func(string) string) string {
	return replaceSpans(re, s, func(m []int) (int, int) { return m[2*g], m[2*g+1] },
		func(b *strings.Builder, _ []int, a, e int) int { b.WriteString(fn(s[a:e])); return e })
}

// replaceSpans is the scaffold of the pattern rules. For every match m of re (submatch
// indices), span returns the part of s to replace, [a, e) (a < 0: none), and write writes
// its replacement to b and returns where copying s resumes: e, or further when write also
// handled text after the span (parenNumber). A span starting before that point is left
// alone (already replaced), and so is a match right after '[' or a span starting with '[':
// it is part of a pseudonym ("[secret:…]"), so redaction is idempotent. keywordNumbers and
// the rules through replaceGroup share it: one scan, one skip rule.
func replaceSpans(re *regexp.Regexp, s string, span func(m []int) (a, e int), write func(b *strings.Builder, m []int, a, e int) int) string {
	idx := re.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		a, e := span(m)
		if a < last || (m[0] > 0 && s[m[0]-1] == '[') || s[a] == '[' {
			continue
		}
		b.WriteString(s[last:a])
		last = write(&b, m, a, e)
	}
	b.WriteString(s[last:])
	return b.String()
}
