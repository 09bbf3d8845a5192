package federation

import (
	"html/template"
	"net/http"
)

const pageStyle = `<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;color:#16191f}
label,input,button{display:block;width:100%;margin:.4rem 0;font-size:1rem;box-sizing:border-box}
button{padding:.5rem}input{padding:.4rem}.err{color:#d13212}</style>`

// The field names and ids (username, password, code) are a stable interface for browser automation.
var pages = template.Must(template.New("idp").Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>ccpsim identity provider</title>` + pageStyle + `</head><body><h1>ccpsim identity provider</h1>{{end}}
{{define "index"}}{{template "head"}}<p>Test identity provider for ccpsim. Applications (IdP-initiated sign-in URLs):</p>
<ul>{{range .Apps}}<li><a href="{{.URL}}">{{.Name}}</a></li>{{end}}</ul></body></html>{{end}}
{{define "login"}}{{template "head"}}<p>Sign in to Amazon Connect ({{.Region}}).</p>
{{if .Error}}<p role="alert" class="err">{{.Error}}</p>{{end}}
<form method="post" action="/login" id="login"><input type="hidden" name="flow" value="{{.Flow}}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="signin">Sign in</button></form></body></html>{{end}}
{{define "mfa"}}{{template "head"}}<p>Enter the 6-digit code from your authenticator app for <b>{{.Username}}</b>.</p>
{{if .Error}}<p role="alert" class="err">{{.Error}}</p>{{end}}
<form method="post" action="/mfa" id="mfa"><input type="hidden" name="flow" value="{{.Flow}}">
<label for="code">Verification code</label><input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" required autofocus>
<button type="submit" id="verify">Verify</button></form></body></html>{{end}}
{{define "post"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body><form method="post" action="{{.ACS}}" id="saml"><input type="hidden" name="SAMLResponse" value="{{.SAMLResponse}}">
<input type="hidden" name="RelayState" value="{{.RelayState}}"><noscript><button type="submit">Continue</button></noscript></form>
<script>document.getElementById('saml').submit()</script></body></html>{{end}}
{{define "error"}}{{template "head"}}<p role="alert">{{.Error}}</p></body></html>{{end}}
`))

func (f *Federation) render(w http.ResponseWriter, status int, page string, data map[string]any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, page, data); err != nil {
		f.log.Error().Err(err).Str("page", page).Msg("idp: render")
	}
}
