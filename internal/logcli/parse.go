package logcli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logparse"
)

func (c *CLI) parse(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("parse", stderr)
	asJSON := fs.Bool("json", false, "JSON output")
	svgDir := fs.String("svg", "", "write skew/API latency/agent state charts as SVG files into this directory")
	gap := fs.Duration("gap", 30*time.Second, "report periods longer than this without an agent snapshot")
	skew := fs.Duration("skew-warn", 5*time.Second, "warn when |clock skew| exceeds this")
	keyFile := fs.String("key-file", "", "encryption key for encrypted ccpdesk segments")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "logs parse: no input files\n%s", usage)
		return ExitUsage
	}
	opts := logparse.Options{SnapshotGap: *gap, SkewWarn: *skew}
	var keyErr error
	if *keyFile != "" {
		if opts.EncryptionKey, err = readKey(*keyFile); err != nil {
			fmt.Fprintf(stderr, "logs parse: %v\n", err)
			return ExitUsage
		}
	} else if hasSegments(files) {
		opts.EncryptionKey, keyErr = c.keyringKey()
	}
	a := logparse.NewAnalyzer(opts)
	code := ExitOK
	for _, f := range files {
		if err := a.ParseFile(f); err != nil {
			fmt.Fprintf(stderr, "logs parse: %v\n", err)
			code = ExitError
		}
	}
	tl := a.Finish()
	msgs := make([]string, len(tl.Problems))
	for i, p := range tl.Problems {
		msgs[i] = p.Msg
	}
	warnNoKey(stderr, "parse", keyErr, msgs)
	if *asJSON {
		err = tl.WriteJSON(stdout)
	} else {
		err = tl.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "logs parse: %v\n", err)
		return ExitError
	}
	if *svgDir != "" {
		if err := writeCharts(*svgDir, tl.Charts()); err != nil {
			fmt.Fprintf(stderr, "logs parse: %v\n", err)
			return ExitError
		}
	}
	return code
}

func writeCharts(dir string, charts map[string]string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("write charts: %w", err)
	}
	for name, svg := range charts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(svg), 0o600); err != nil {
			return fmt.Errorf("write charts: %w", err)
		}
	}
	return nil
}

// hasSegments: some input is a log directory or a ccpdesk segment, which may hold sealed
// records (the keyring is only asked then: a Streams download needs no key).
func hasSegments(files []string) bool {
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		var magic [7]byte
		info, _ := f.Stat()
		n, _ := io.ReadFull(f, magic[:])
		f.Close()
		if (info != nil && info.IsDir()) || string(magic[:n]) == "CCPDLOG" {
			return true
		}
	}
	return false
}
