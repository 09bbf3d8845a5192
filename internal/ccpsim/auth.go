package ccpsim

import (
	"html/template"
	"net/http"
)

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ccpsim sign-in ({{.Region}})</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;color:#16191f}
label,select,button{display:block;width:100%;margin:.4rem 0;font-size:1rem}button{padding:.5rem}</style></head>
<body><h1>Amazon Connect (ccpsim)</h1><p>Sandbox sign-in for instance <b>{{.Region}}</b>. No password: this is a local simulator.</p>
{{if .Error}}<p role="alert" style="color:#d13212">{{.Error}}</p>{{end}}
<form method="post" action="/auth/sign-in"><label for="username">Agent</label>
<select id="username" name="username">{{range .Agents}}<option>{{.}}</option>{{end}}</select>
<input type="hidden" name="destination" value="{{.Destination}}"><button type="submit">Sign in</button></form></body></html>`))

// serveSignIn is the sandbox sign-in: a top-level page at the instance origin that sets the session
// cookie and sends the agent on, as Connect's federation endpoint does after SAML.
func (s *Server) serveSignIn(w http.ResponseWriter, r *http.Request, regionName string) {
	w.Header().Set("X-Frame-Options", "DENY") // sign-in pages are never framed, as at a real IdP
	w.Header().Set("Cache-Control", "no-store")
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
		return
	}
	dest := r.Form.Get("destination")
	if dest == "" {
		dest = "/ccp-v2/"
	}
	user := r.Form.Get("username")
	show := func(status int, msg string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		signInPage.Execute(w, map[string]any{"Region": regionName, "Agents": s.world.cfgAgents(), "Destination": dest, "Error": msg})
	}
	if !s.allowedRedirect(dest) {
		show(http.StatusBadRequest, "destination is not an approved origin: "+dest)
		return
	}
	if user == "" {
		show(http.StatusOK, "")
		return
	}
	if err := s.StartSession(w, user); err != nil {
		show(http.StatusNotFound, "unknown agent "+user)
		return
	}
	s.log.Info().Str("region", regionName).Str("agent", user).Msg("agent signed in")
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// StartSession signs username in and sets the session cookie on the response. It is the one seam every
// sign-in path goes through: the sandbox page above, and a federation (SAML) endpoint once it has
// validated an assertion. The session is valid on every instance (Global Resiliency global sign-in).
func (s *Server) StartSession(w http.ResponseWriter, username string) error {
	token, err := s.world.SignIn(username)
	if err != nil {
		return err
	}
	s.setSessionCookies(w, token)
	return nil
}

// setSessionCookies sets the session twice: without SameSite (WebKit and Firefox then send it to the
// CCP iframe of any parent; Chromium treats it as Lax, fine for same-site parents) and as
// SameSite=None; Secure for Chromium-based webviews framing from another site.
func (s *Server) setSessionCookies(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true})
	http.SetCookie(w, &http.Cookie{Name: s.cookieName() + "_x", Value: token, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteNoneMode})
}

func (s *Server) serveSignOut(w http.ResponseWriter, r *http.Request) {
	if tok := s.sessionToken(r); tok != "" {
		if u, ok := s.world.SessionAgent(tok); ok {
			s.world.ExpireSession(u)
		}
	}
	for _, name := range []string{s.cookieName(), s.cookieName() + "_x"} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1})
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("signed out\n"))
}

func (w *World) cfgAgents() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.order...)
}
