package ccpsim

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"
)

// BenchmarkScale measures what a load test with many simulated agents costs: 1,000 signed-in agents,
// contacts arriving and being handled through the same API calls Streams makes. It reports p50/p99
// latency of API calls and of control calls (CreateContact) on the benchmark's cores.
func BenchmarkScale(b *testing.B) {
	const agents = 1000
	cfg := DefaultConfig()
	cfg.Agents = nil
	for i := 0; i < agents; i++ {
		cfg.Agents = append(cfg.Agents, AgentConfig{Username: fmt.Sprintf("agent%d", i+1), RoutingProfile: cfg.RoutingProfiles[0].Name})
	}
	cfg.Timeouts.RouteDelayMs, cfg.Timeouts.ConnectDelayMs = 0, 0
	w, err := NewWorld(cfg, DefaultRegions, realClock())
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < agents; i++ {
		u := fmt.Sprintf("agent%d", i+1)
		w.SignIn(u)
		w.SetAgentState(u, "Available")
	}
	var apiLat, ctlLat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		id, err := w.CreateContact(NewContact{Channel: "VOICE", From: "+15555550100"})
		ctlLat = append(ctlLat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		w.mu.Lock()
		agent := w.byID[id].agent
		w.mu.Unlock()
		for _, m := range []string{"acceptContact", "getAgentSnapshot", "destroyContact", "clearContact"} {
			p, _ := json.Marshal(map[string]string{"contactId": id})
			t0 = time.Now()
			if r := w.API(agent, "us-east-1", m, p); r.Err != nil {
				b.Fatalf("%s: %v", m, r.Err)
			}
			apiLat = append(apiLat, time.Since(t0))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
	b.ReportMetric(pct(apiLat, 0.50), "api-p50-µs")
	b.ReportMetric(pct(apiLat, 0.99), "api-p99-µs")
	b.ReportMetric(pct(ctlLat, 0.99), "control-p99-µs")
}

func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(float64(len(s)-1)*p)].Microseconds())
}
