package bridge

import (
	"reflect"
	"testing"
)

func TestTuneEngine(t *testing.T) {
	env := map[string]string{}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	set := func(k, v string) error { env[k] = v; return nil }

	if got := tuneEngine(lookup, set); !reflect.DeepEqual(got, []string{"JSC_useGenerationalGC=0"}) {
		t.Errorf("applied %v", got)
	}
	if env["JSC_useGenerationalGC"] != "0" {
		t.Errorf("environment %v", env)
	}
	// A value already set (an admin's, a benchmark's) is kept, even an empty one.
	env = map[string]string{"JSC_useGenerationalGC": "1"}
	if got := tuneEngine(lookup, set); len(got) != 0 || env["JSC_useGenerationalGC"] != "1" {
		t.Errorf("overrode the environment: applied %v, environment %v", got, env)
	}
}
