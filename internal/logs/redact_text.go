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
	// E.164 and international numbers written with a leading +.
	rePhoneIntl = regexp.MustCompile(`\+[1-9][0-9 ().-]{5,20}[0-9]`)
	// North-American style: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567.
	// A bare North American number, national (NXX NXX XXXX) or with its country code 1,
	// standing alone: not part of a longer number, an ID, a version, a time or an address.
	// Epoch seconds and milliseconds start with 1 and have 10 or 13 digits, so they never match.
	rePhoneBare = regexp.MustCompile(`(?:^|[^0-9A-Za-z_.:/#-])(1?[2-9][0-9]{2}[2-9][0-9]{6})(?:$|[^0-9A-Za-z_.:/-]|[.:,](?:$|[^0-9A-Za-z]))`)
	rePhoneNANP = regexp.MustCompile(`(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b`)
	// Numbers announced by a keyword: "Phone number 07700900123", "Send digits 1234".
	rePhoneCtx = regexp.MustCompile(`(?i)\b(phone(?:\s*number)?|tel|mobile|caller(?:\s*id)?|ani|dnis|send\s*digits?|dtmf)(\s*[:=#]?\s*)(\+?[0-9][0-9 ().-]{2,20}[0-9])`)
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
	if nDigits >= 3 && has("phone", "tel", "mobile", "caller", "ani", "dnis", "digit", "dtmf") {
		s = replaceGroup(rePhoneCtx, s, 3, func(v string) string { return r.Pseudonym("phone", digits(v)) })
	}
	if nDigits >= 7 {
		if plusDigit {
			s = rePhoneIntl.ReplaceAllStringFunc(s, func(v string) string {
				// The separators let a match run on into the next number ("+1555… (1555…)"):
				// redact the longest prefix that is a number and look at the rest again.
				head, rest := intlPrefix(v)
				if head == "" {
					return v
				}
				return r.Pseudonym("phone", digits(head)) + r.Text(rest)
			})
		}
		if hasDigitGroup(s) {
			s = rePhoneNANP.ReplaceAllStringFunc(s, func(v string) string { return r.Pseudonym("phone", digits(v)) })
		}
		if hasNANPRun(s) {
			nanp := func(v string) string { // national form: the same pseudonym as with its +1
				if len(v) == 10 {
					v = "1" + v
				}
				return r.Pseudonym("phone", v)
			}
			// Twice: a match takes the character after it, which may start the next number.
			s = replaceGroup(rePhoneBare, replaceGroup(rePhoneBare, s, 1, nanp), 1, nanp)
		}
	}
	return s
}

// intlPrefix splits a rePhoneIntl match into its longest prefix with 7–15 digits that
// ends in a digit group (the end of v or a separator follows), and the rest ("" and v
// when there is none).
func intlPrefix(v string) (head, rest string) {
	n, end := 0, -1
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			n++
			if n > 15 {
				break
			}
			if n >= 7 && (i+1 == len(v) || v[i+1] < '0' || v[i+1] > '9') {
				end = i + 1
			}
		}
	}
	if end < 0 {
		return "", v
	}
	return v[:end], v[end:]
}

// hasNANPRun reports a run of exactly 10 or 11 digits, the only lengths rePhoneBare
// matches (cheap: most lines carry only 13-digit timestamps).
func hasNANPRun(s string) bool {
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run == 10 || run == 11 {
			return true
		}
		run = 0
	}
	return false
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
	idx := re.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		a, e := m[2*g], m[2*g+1]
		// Already a pseudonym ("[secret:…]"): leave it, so redaction is idempotent.
		if a < 0 || (m[0] > 0 && s[m[0]-1] == '[') || s[a] == '[' {
			continue
		}
		b.WriteString(s[last:a])
		b.WriteString(fn(s[a:e]))
		last = e
	}
	b.WriteString(s[last:])
	return b.String()
}
