package sandbox

import (
	"context"
	"io"
	"net"
	"net/url"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

// CCPSim returns a Starter running ccpsim in-process on host (a loopback name or address;
// "" = 127.0.0.1). approvedOrigins nil means ccpsim's defaults (wails://wails,
// http://wails.localhost, wails dev's browser page). Use host "localhost" when the app is
// driven from a browser at http://localhost:34115 (wails dev): the CCP is then same-site
// with the page and Chromium sends ccpsim's session cookie to the CCP iframe.
func CCPSim(host string, approvedOrigins []string) Starter {
	if host == "" {
		host = "127.0.0.1"
	}
	return func(ctx context.Context, regions []string, log zerolog.Logger) (Info, io.Closer, error) {
		srv, err := ccpsim.Start(ctx, ccpsim.Options{
			Host:            host,
			Regions:         regions,
			ApprovedOrigins: approvedOrigins,
			Logger:          log,
		})
		if err != nil {
			return Info{}, nil, err
		}
		in := srv.Info()
		info := Info{Regions: in.Regions, CCPURLs: in.CCPURLs, SignInURLs: in.SignInURLs, Control: in.Control}
		if host == "localhost" {
			// ccpsim reports listener addresses; name the CCP and sign-in by host name so
			// they are same-site with a page at http://localhost:…
			info.CCPURLs, info.SignInURLs = renameHost(info.CCPURLs, host), renameHost(info.SignInURLs, host)
		}
		return info, srv, nil
	}
}

func renameHost(urls map[string]string, host string) map[string]string {
	out := make(map[string]string, len(urls))
	for k, v := range urls {
		if u, err := url.Parse(v); err == nil {
			u.Host = net.JoinHostPort(host, u.Port())
			v = u.String()
		}
		out[k] = v
	}
	return out
}
