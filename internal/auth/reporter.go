package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// Reporter is the loopback endpoint pages report their location to during a sign-in.
// Foreign pages get no Wails bindings and runtime.WindowExecJS returns nothing, so the
// script ReportScript builds sends location.href here (navigator.sendBeacon, a simple
// request: no preflight), under a per-run token and a per-load nonce. The "Cancel
// sign-in" bar shown on the identity provider's pages links to /cancel/<token>.
//
// It only ever receives a location (logged as a host) — never a form, a cookie or a SAML
// response.
type Reporter struct {
	log    zerolog.Logger
	token  string
	base   string
	srv    *http.Server
	target interface {
		Location(nonce, href string) Kind
		Cancel()
	}
}

// maxHref bounds a reported location.
const maxHref = 16 << 10

// StartReporter listens on 127.0.0.1 and reports to m until Close.
func StartReporter(m *Machine, log zerolog.Logger) (*Reporter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for sign-in location reports: %w", err)
	}
	r := &Reporter{log: log.With().Str("component", "auth").Logger(), token: randomToken(), target: m,
		base: "http://" + ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /loc/{token}/{nonce}", r.serveLocation)
	mux.HandleFunc("GET /cancel/{token}", r.serveCancel)
	r.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := r.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.log.Error().Err(err).Msg("location reporter")
		}
	}()
	return r, nil
}

// Base is the reporter's URL.
func (r *Reporter) Base() string { return r.base }

// Close stops the listener.
func (r *Reporter) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return r.srv.Shutdown(ctx)
}

func (r *Reporter) serveLocation(w http.ResponseWriter, req *http.Request) {
	if req.PathValue("token") != r.token {
		http.NotFound(w, req)
		return
	}
	b, err := io.ReadAll(io.LimitReader(req.Body, maxHref+1))
	if err != nil || len(b) > maxHref {
		http.Error(w, "bad report", http.StatusBadRequest)
		return
	}
	r.target.Location(req.PathValue("nonce"), strings.TrimSpace(string(b)))
	w.WriteHeader(http.StatusNoContent)
}

func (r *Reporter) serveCancel(w http.ResponseWriter, req *http.Request) {
	if req.PathValue("token") != r.token {
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, `<!doctype html><title>ccpdesk</title><p style="font:16px sans-serif;margin:2em">Sign-in cancelled. Returning to ccpdesk…</p>`)
	r.target.Cancel()
}

// ReportScript is the script run (runtime.WindowExecJS) in the page after every
// top-level load during a sign-in: it reports location.href and, when cancelBar, shows
// a "Cancel sign-in" bar on top of the page.
func (r *Reporter) ReportScript(nonce string, cancelBar bool) string {
	loc, _ := json.Marshal(r.base + "/loc/" + r.token + "/" + nonce)
	cancelURL, _ := json.Marshal(r.base + "/cancel/" + r.token)
	var b strings.Builder
	b.WriteString(`(function(){try{var u=String(location.href),t=` + string(loc) + `;` +
		`if(navigator.sendBeacon){navigator.sendBeacon(t,new Blob([u],{type:"text/plain"}))}` +
		`else{fetch(t,{method:"POST",mode:"no-cors",body:u,keepalive:true})}}catch(e){}`)
	if cancelBar {
		b.WriteString(`try{if(location.protocol!=="wails:"&&!document.getElementById("ccpdesk-signin-bar")){` +
			`var d=document.createElement("div");d.id="ccpdesk-signin-bar";` +
			`d.style.cssText="position:fixed;left:0;right:0;bottom:0;z-index:2147483647;background:#232f3e;color:#fff;font:14px sans-serif;padding:8px 16px;display:flex;gap:16px;align-items:center";` +
			`var s=document.createElement("span");s.textContent="ccpdesk: signing in to Amazon Connect";d.appendChild(s);` +
			`var a=document.createElement("a");a.id="ccpdesk-cancel-signin";a.href=` + string(cancelURL) + `;a.textContent="Cancel sign-in";` +
			`a.style.cssText="color:#fff;font-weight:bold;text-decoration:underline";d.appendChild(a);` +
			`(document.body||document.documentElement).appendChild(d)}}catch(e){}`)
	}
	b.WriteString(`})();`)
	return b.String()
}
