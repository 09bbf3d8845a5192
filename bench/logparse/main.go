// Command logparse is `ccpdesk logs parse` without the desktop app around it (no cgo, no GTK), so
// bench/run.sh can time the parser on a file beside jq with hyperfine: logparse FILE… [flags].
package main

import (
	"os"

	"github.com/ccpdesk/ccpdesk/internal/logcli"
)

func main() {
	os.Exit(logcli.Run(append([]string{"parse"}, os.Args[1:]...), os.Stdout, os.Stderr))
}
