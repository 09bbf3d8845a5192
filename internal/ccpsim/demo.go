package ccpsim

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

//go:embed assets/demo.html
var demoHTML string

// demoHandler serves a page that runs the real Streams library (from Options.StreamsJS) against this
// simulator, with a small agent panel and buttons that drive the control API: a quick way to see it work.
func (s *Server) demoHandler() http.Handler {
	mux := http.NewServeMux()
	control := http.StripPrefix("/control", s.controlHandler())
	mux.Handle("/control/", control)
	mux.HandleFunc("GET /streams/connect-streams.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeFile(w, r, s.streams)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// Sign in first (top level, as in Connect), then land on the app.
		primary := s.info.Regions[0]
		dest := "http://" + r.Host + "/app"
		http.Redirect(w, r, s.info.SignInURLs[primary]+"?username="+url.QueryEscape(s.world.cfgAgents()[0])+"&destination="+url.QueryEscape(dest), http.StatusFound)
	})
	mux.HandleFunc("GET /app", func(w http.ResponseWriter, r *http.Request) {
		b, _ := json.Marshal(s.info)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(strings.Replace(demoHTML, "/*INFO*/null", string(b), 1)))
	})
	return mux
}
