package bridge

import (
	"os"
	"sort"
)

// engineDefaults are JavaScriptCore settings for the Linux webview (WebKitGTK). Its web process reads JSC_*
// variables as it starts and inherits the app's environment; WebView2 and WKWebView ignore them.
//
// JSC_useGenerationalGC=0 makes every collection a full one. With the generational default, 200 calls in a
// row left the web process +23–28 % PSS in most runs (+13–14 % in the others): objects that outlive one
// young-generation collection (the previous views, Streams' snapshots) wait for a full collection, which JSC
// schedules by heap growth. With full collections: +11.7–12.2 % in every run, for ~19 % more CPU during the
// calls (docs/benchmarks.md). An agent's desktop, often one of many sessions on a VDI host, is better off
// with the smaller, predictable footprint.
var engineDefaults = map[string]string{
	"JSC_useGenerationalGC": "0",
}

// TuneEngine sets engineDefaults in this process's environment (so in the webview's) where the variable is
// not set already — an IT admin or a benchmark can choose otherwise — and returns the ones it set.
// Call it before Run.
func TuneEngine() []string { return tuneEngine(os.LookupEnv, os.Setenv) }

func tuneEngine(lookup func(string) (string, bool), set func(string, string) error) []string {
	var applied []string
	for k, v := range engineDefaults {
		if _, ok := lookup(k); ok {
			continue
		}
		if set(k, v) == nil {
			applied = append(applied, k+"="+v)
		}
	}
	sort.Strings(applied)
	return applied
}
