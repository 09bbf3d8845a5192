// Command ccpsim-load measures ccpsim at the scale of a load test: N agents, each with a CCP page
// connected over the same WebSocket protocol the CCP bridge page uses, contacts created through the
// control API over HTTP and handled with the API calls Streams makes. It prints contacts per second and
// p50/p99 latency of control calls and of API round trips (request → api_response).
//
// ccpsim runs as its own process (the binary from -ccpsim), pinned to one core with taskset when
// -cpu is given, so the load generator's work is not counted against it.
//
//	go build -o bin/ccpsim ./cmd/ccpsim && go run ./bench/ccpsim-load -ccpsim bin/ccpsim -agents 1000 -contacts 5000 -cpu 0
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ccpdesk/ccpdesk/bench/internal/simpage"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

const parent = "http://127.0.0.1:1"

var rate int

// client reuses connections: with the default transport (2 idle connections per host) 32 concurrent control
// requests open and close a TCP connection each time, and that cost lands on both processes.
var client = &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}, Timeout: 30 * time.Second}

func main() {
	agents := flag.Int("agents", 1000, "simulated agents, each with a connected CCP page")
	contacts := flag.Int("contacts", 5000, "contacts to create and handle")
	bin := flag.String("ccpsim", "bin/ccpsim", "the ccpsim binary to measure")
	cpu := flag.String("cpu", "0", "pin ccpsim to this CPU with taskset (empty: no pinning)")
	profile := flag.String("cpuprofile", "", "have ccpsim write a CPU profile here")
	flag.IntVar(&rate, "rate", 0, "create contacts at this many per second (open loop, for latency at a load test's rate); 0: as fast as 32 concurrent requests go (throughput)")
	flag.Parse()
	if err := run(*bin, *cpu, *profile, *agents, *contacts); err != nil {
		fmt.Fprintln(os.Stderr, "ccpsim-load:", err)
		os.Exit(1)
	}
}

func run(bin, cpu, profile string, nAgents, nContacts int) error {
	cfg := ccpsim.DefaultConfig()
	cfg.Agents = nil
	for i := 0; i < nAgents; i++ {
		cfg.Agents = append(cfg.Agents, ccpsim.AgentConfig{Username: fmt.Sprintf("agent%d", i+1), RoutingProfile: cfg.RoutingProfiles[0].Name})
	}
	cfg.Timeouts.RouteDelayMs, cfg.Timeouts.ConnectDelayMs = 0, 0
	info, simPID, stop, err := startSim(bin, cpu, profile, cfg)
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	pages := make([]*simpage.Page, nAgents)
	for i := range pages {
		p, err := simpage.Connect(info, "us-east-1", fmt.Sprintf("agent%d", i+1), parent)
		if err != nil {
			return fmt.Errorf("agent %d: %w", i+1, err)
		}
		pages[i] = p
		if err := post(info.Control+"/v1/agents/"+p.Name+"/state", `{"state":"Available"}`); err != nil {
			return err
		}
	}
	fmt.Printf("connected %d agent pages in %s\n", nAgents, time.Since(start).Round(time.Millisecond))

	var mu sync.Mutex
	var ctl, api []time.Duration
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func(p *simpage.Page) {
			defer wg.Done()
			for id := range p.Offers { // closed when the page's socket closes
				for _, m := range []string{"acceptContact", "destroyContact", "clearContact"} {
					d, _, _ := p.Call(m, map[string]any{"contactId": id})
					mu.Lock()
					api = append(api, d)
					mu.Unlock()
				}
			}
		}(p)
	}
	simCPU0 := procCPU(simPID)
	selfCPU0 := procCPU(os.Getpid())
	t0 := time.Now()
	sem := make(chan struct{}, 32)
	if rate > 0 {
		sem = make(chan struct{}, 1024)
	}
	var cwg sync.WaitGroup
	for i := 0; i < nContacts; i++ {
		if rate > 0 {
			if d := time.Until(t0.Add(time.Duration(i) * time.Second / time.Duration(rate))); d > 0 {
				time.Sleep(d)
			}
		}
		sem <- struct{}{}
		cwg.Add(1)
		go func() {
			defer func() { <-sem; cwg.Done() }()
			s := time.Now()
			if err := post(info.Control+"/v1/contacts", `{"channel":"VOICE","from":"+15555550100"}`); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
			mu.Lock()
			ctl = append(ctl, time.Since(s))
			mu.Unlock()
		}()
	}
	cwg.Wait()
	// Wait until every contact has been handled.
	for deadline := time.Now().Add(2 * time.Minute); ; {
		mu.Lock()
		done := len(api) >= 3*nContacts
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(t0)
	simCPU, selfCPU := procCPU(simPID)-simCPU0, procCPU(os.Getpid())-selfCPU0
	for _, p := range pages {
		p.Close()
	}
	wg.Wait()
	mode := "as fast as 32 concurrent requests go"
	if rate > 0 {
		mode = fmt.Sprintf("paced at %d contacts/s", rate)
	}
	fmt.Printf("agents=%d contacts=%d (%s) ccpsim pinned to cpu %q elapsed=%s contacts/s=%.0f\n", nAgents, nContacts, mode, cpu, elapsed.Round(time.Millisecond), float64(nContacts)/elapsed.Seconds())
	fmt.Printf("CPU: ccpsim %.2f s (%.0f %% of one core), load generator %.2f s\n", simCPU.Seconds(), 100*simCPU.Seconds()/elapsed.Seconds(), selfCPU.Seconds())
	fmt.Printf("control POST /v1/contacts: p50=%s p99=%s (n=%d)\n", q(ctl, .5), q(ctl, .99), len(ctl))
	fmt.Printf("API round trip over the CCP socket: p50=%s p99=%s (n=%d)\n", q(api, .5), q(api, .99), len(api))
	// CPU per contact (its 3 API calls, pushes and log lines included) depends far less on other jobs than the
	// latencies do: the figure to compare ccpsim versions on a shared machine.
	fmt.Printf("RESULT ccpsim-load: agents=%d rate=%s contacts_per_s=%.0f control_p50_ms=%.2f control_p99_ms=%.2f api_p50_ms=%.2f api_p99_ms=%.2f ccpsim_cpu_pct=%.0f ccpsim_cpu_ms_per_contact=%.2f (target p99 ≤ 10)\n",
		nAgents, map[bool]string{true: fmt.Sprint(rate), false: "max"}[rate > 0], float64(nContacts)/elapsed.Seconds(), ms(q(ctl, .5)), ms(q(ctl, .99)), ms(q(api, .5)), ms(q(api, .99)), 100*simCPU.Seconds()/elapsed.Seconds(),
		ms(simCPU)/float64(nContacts))
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// procCPU is the user+system CPU time pid has used (from /proc/PID/stat; clock ticks of 10 ms).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	var u, k int64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &k)
	return time.Duration(u+k) * 10 * time.Millisecond
}

// startSim runs ccpsim as a child process with cfg and returns its ready line and pid.
func startSim(bin, cpu, profile string, cfg ccpsim.Config) (ccpsim.Info, int, func(), error) {
	dir, err := os.MkdirTemp("", "ccpsim-load")
	if err != nil {
		return ccpsim.Info{}, 0, nil, err
	}
	cfgPath := filepath.Join(dir, "config.json")
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		return ccpsim.Info{}, 0, nil, err
	}
	args := []string{"-config", cfgPath, "-regions", "us-east-1", "-approved-origins", parent, "-exit-on-stdin-eof"}
	if profile != "" {
		args = append(args, "-cpuprofile", profile)
	}
	var cmd *exec.Cmd
	if cpu != "" {
		cmd = exec.Command("taskset", append([]string{"-c", cpu, bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return ccpsim.Info{}, 0, nil, err
	}
	stop := func() { stdin.Close(); cmd.Wait(); os.RemoveAll(dir) }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return ccpsim.Info{}, 0, nil, fmt.Errorf("ccpsim did not start: %w", err)
	}
	var info ccpsim.Info
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		stop()
		return ccpsim.Info{}, 0, nil, err
	}
	return info, cmd.Process.Pid, stop, nil
}

func q(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)].Round(time.Microsecond)
}

func post(u, body string) error {
	resp, err := client.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s: %d %s", u, resp.StatusCode, b)
	}
	io.Copy(io.Discard, resp.Body)
	return nil
}
