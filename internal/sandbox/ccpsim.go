package sandbox

import (
	"context"
	"io"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

// CCPSim returns a Starter running ccpsim in-process on 127.0.0.1. approvedOrigins nil
// means ccpsim's defaults (wails://wails, http://wails.localhost, wails dev's browser).
func CCPSim(approvedOrigins []string) Starter {
	return func(ctx context.Context, regions []string, log zerolog.Logger) (Info, io.Closer, error) {
		srv, err := ccpsim.Start(ctx, ccpsim.Options{
			Host:            "127.0.0.1",
			Regions:         regions,
			ApprovedOrigins: approvedOrigins,
			Logger:          log,
		})
		if err != nil {
			return Info{}, nil, err
		}
		in := srv.Info()
		return Info{Regions: in.Regions, CCPURLs: in.CCPURLs, SignInURLs: in.SignInURLs, Control: in.Control}, srv, nil
	}
}
