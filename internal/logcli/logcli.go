// Package logcli implements `ccpdesk logs …`: parse logs into a timeline and
// export a support bundle. main.go wires it as `ccpdesk logs <args>`.
package logcli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // an input could not be read or the bundle not written
	ExitUsage = 2
)

const usage = `usage:
  ccpdesk logs parse [--json] [--svg DIR] [--gap 30s] [--skew-warn 5s] [--key-file F] FILE...
      FILE: a Streams download (agent-log.txt, ccp-<region>-agent-log.txt), ccpdesk
      segments (*.ccplog), ccpdesk-log.jsonl, or an export bundle (.zip).
      Damaged input is reported under "problems" and the rest is still parsed.
      Sealed segments (logs.encryptAtRest) are opened with the key in the OS keyring
      unless --key-file is given.
  ccpdesk logs export --dir DIR [--from T] [--to T] --out bundle.zip
                      [--key-file F] [--pseudonym-key-file F] [--extra NAME=PATH]...
      T: RFC 3339 (2026-11-21T09:00:00Z), a date (2026-11-21), "now", or an age
      such as 24h (meaning 24 hours ago). Defaults: the last 24 hours.
      The bundle also holds extra/effective-config.json and extra/system-info.json,
      redacted with the installation's pseudonym key (OS keyring, else its key file)
      unless --pseudonym-key-file is given.
`

// CLI holds what the commands need from outside; zero values use the system.
type CLI struct {
	Now func() time.Time
	// Key returns the log encryption key from the OS keyring; parse and export call it for
	// ccpdesk segments when no --key-file is given. nil: no keyring.
	Key func() ([]byte, error)
	// Pseudonym returns the installation's pseudonym key and its source (logkeys.ReadPseudonym):
	// export redacts the bundle's extra files with it, so their pseudonyms match the logs'.
	// nil or an error: a one-off random key, and a note on stderr.
	Pseudonym func() ([]byte, string, error)
	// Config returns the effective configuration for extra/effective-config.json (nil: the
	// file says there is none).
	Config  func() (any, error)
	Version string
}

// Run runs `ccpdesk logs` with the system clock and no keyring.
func Run(args []string, stdout, stderr io.Writer) int {
	return (&CLI{}).Run(args, stdout, stderr)
}

// keyringKey asks the keyring for the encryption key (once); the error is kept to explain
// sealed records that could not be read.
func (c *CLI) keyringKey() ([]byte, error) {
	if c.Key == nil {
		return nil, errors.New("no OS keyring")
	}
	return c.Key()
}

// warnNoKey explains unreadable sealed records when the keyring gave no key.
func warnNoKey(stderr io.Writer, cmd string, keyErr error, messages []string) {
	if keyErr == nil {
		return
	}
	for _, m := range messages {
		if strings.Contains(m, "no key") {
			fmt.Fprintf(stderr, "logs %s: sealed records were not read: %v (pass --key-file, or run where the OS keyring holds the log key)\n", cmd, keyErr)
			return
		}
	}
}

// Run dispatches a subcommand and returns the exit code.
func (c *CLI) Run(args []string, stdout, stderr io.Writer) int {
	if c.Now == nil {
		c.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "parse":
		return c.parse(args[1:], stdout, stderr)
	case "export":
		return c.export(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "logs: unknown command %q\n%s", args[0], usage)
	return ExitUsage
}

// parseInterleaved lets flags follow the positional arguments
// (`logs parse a.txt --json`).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("logs "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}
