package federation_test

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim/federation"
)

// Wiring the federation into a simulator, as cmd/ccpsim -sso does.
func Example() {
	log := zerolog.Nop()
	fed, err := federation.New(federation.Options{Logger: log, TestHooks: true})
	if err != nil {
		panic(err)
	}
	if _, err := fed.Listen("127.0.0.1"); err != nil {
		panic(err)
	}
	defer fed.Close()
	srv, err := ccpsim.Start(context.Background(), ccpsim.Options{Logger: log, Extensions: []ccpsim.Extension{fed}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	// Streams' and ccpdesk's loginUrl for a Global Resiliency pair:
	fmt.Println(fed.LoginURL(federation.GlobalApp, "/ccp-v2/") != "")
	// Output: true
}
