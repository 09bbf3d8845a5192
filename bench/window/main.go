// Command window measures the real ccpdesk window (WebKitGTK, sandbox mode) — run it under a display and a
// session bus (bench/run.sh wraps it in xvfb-run + dbus-run-session):
//
//	window ready  -bin build/bin/ccpdesk -runs 5      process start → CCP initialised → agent Available in the panel
//	window memory -bin build/bin/ccpdesk -idle 60s -calls 200
//	                                                  RSS/PSS of the process tree idle, then after N calls
//	window tree   -pid N                              RSS/PSS of a process tree now (JSON)
//
// ready uses the self-test (--selftest): the panel itself reports agent_ready (the agent shows Available,
// after the driver set it) with a timestamp; "CCP initialised" is the first Streams API request ccpsim
// received from the window's CCP (GET /v1/requests, server time). Each run gets a fresh HOME (no WebKit
// cache: a first start).
//
// memory starts the app without the self-test, waits for the window's CCP, sets agent1 Available through
// ccpsim's control API, measures after -idle, then handles -calls calls (ccpsim offers each; a second CCP
// page socket of the same agent accepts, hangs up and clears it, so the window's Streams and panel render
// every state: ringing, connected, after-call work, cleared) and measures again.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ccpdesk/ccpdesk/bench/internal/simpage"
	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: window ready|memory|tree [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	bin := fs.String("bin", "build/bin/ccpdesk", "the ccpdesk binary")
	runs := fs.Int("runs", 5, "ready: runs")
	idle := fs.Duration("idle", 30*time.Second, "memory: idle time with the CCP loaded before the first measurement (the issue asks 10m)")
	calls := fs.Int("calls", 200, "memory: calls handled before the second measurement")
	settle := fs.Duration("settle", 30*time.Second, "memory: idle time after the calls before a third measurement (lets the JS engine collect garbage)")
	gap := fs.Duration("gap", 0, "memory: pause between calls (0: back to back, ~3 calls/s; an agent's day is far slower)")
	every := fs.Int("every", 0, "memory: also print the tree's memory after every N calls (the growth curve)")
	pid := fs.Int("pid", 0, "tree: root process")
	out := fs.String("json", "", "also write the results as JSON here")
	smaps := fs.String("smaps", "", "memory: copy /proc/PID/smaps of every process in the tree here at each reading (to see which mappings grow)")
	fs.Parse(os.Args[2:])
	var res any
	var err error
	switch os.Args[1] {
	case "ready":
		res, err = ready(*bin, *runs)
	case "memory":
		smapsDir = *smaps
		res, err = memory(*bin, *idle, *calls, *settle, *gap, *every)
	case "tree":
		var m Mem
		m, err = TreeMem(*pid)
		res = m
		if err == nil {
			b, _ := json.Marshal(m)
			fmt.Println(string(b))
		}
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "window:", err)
		os.Exit(1)
	}
	if *out != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		os.WriteFile(*out, b, 0o644)
	}
}

// app is one running ccpdesk.
type app struct {
	cmd     *exec.Cmd
	home    string
	start   time.Time
	control chan string
	done    chan error
	log     *os.File

	mu    sync.Mutex
	marks map[string]time.Time // first time each log message was read from the app's stderr
}

var messageRE = regexp.MustCompile(`"message":"([^"]+)"`)

var controlRE = regexp.MustCompile(`"control":"(http://[^"]+)"`)

func startApp(bin string, args ...string) (*app, error) {
	home, err := os.MkdirTemp("", "ccpdesk-bench-home")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"--sandbox", "--no-single-instance"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
		"XDG_DATA_HOME="+home+"/.local/share")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logf, _ := os.Create(filepath.Join(home, "app.log"))
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = logf, pw
	a := &app{cmd: cmd, home: home, control: make(chan string, 1), done: make(chan error, 1), log: logf, marks: map[string]time.Time{}}
	go func() {
		sc := bufio.NewScanner(pr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			now := time.Now()
			fmt.Fprintln(logf, line)
			if m := messageRE.FindStringSubmatch(line); m != nil {
				a.mu.Lock()
				if _, ok := a.marks[m[1]]; !ok {
					a.marks[m[1]] = now
				}
				a.mu.Unlock()
			}
			if m := controlRE.FindStringSubmatch(line); m != nil && !sent {
				a.control <- m[1]
				sent = true
			}
		}
	}()
	a.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { a.done <- cmd.Wait(); pw.Close() }()
	return a, nil
}

func (a *app) stop() {
	syscall.Kill(-a.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
		<-a.done
	}
	// WebKit's helpers are in the same process group; make sure none is left.
	syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
	a.log.Close()
	if keep := os.Getenv("BENCH_KEEP_LOG"); keep != "" { // the app's output, for a look afterwards
		if b, err := os.ReadFile(a.log.Name()); err == nil {
			_ = os.WriteFile(keep, b, 0o644)
		}
	}
	os.RemoveAll(a.home)
}

// engineOptionsAccepted fails when JavaScriptCore refused a JSC_* variable given to the app (its own, or
// the caller's): it only prints "ERROR: invalid option" and runs without it, so the reading would not be
// what it says. (A $vm-based full collection once measured nothing for that reason: release WebKitGTK has
// no useDollarVM.) The web process parses them as it starts, before its CCP page connects.
func (a *app) engineOptionsAccepted() error {
	b, err := os.ReadFile(a.log.Name())
	if err != nil {
		return err
	}
	if line := refusedEngineOption(string(b)); line != "" {
		return fmt.Errorf("the JS engine refused an option, the reading would be wrong: %s", line)
	}
	return nil
}

// refusedEngineOption returns JavaScriptCore's complaint about a JSC_* variable in the app's output, or "".
func refusedEngineOption(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "invalid option:") || strings.Contains(line, "failed to parse JSC_") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func (a *app) controlURL() (string, error) {
	select {
	case u := <-a.control:
		return u, nil
	case err := <-a.done:
		return "", fmt.Errorf("app exited before ccpsim was ready: %v", err)
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("no ccpsim control URL in the app's output after 30 s")
	}
}

// ReadyRun is one start.
type ReadyRun struct {
	// process start → the panel has the agent from the initialised CCP and asks for Available: the first
	// Streams API request ccpsim receives from the window (putAgentState; ccpsim pushes snapshots, so
	// Streams sends nothing before).
	CCPInitMs    float64 `json:"ccpInitMs"`
	AgentReadyMs float64 `json:"agentReadyMs"` // process start → the panel shows the agent Available
	FirstMethod  string  `json:"firstMethod"`
	// process start → when the harness read each milestone log line from the app's stderr
	Milestones map[string]float64 `json:"milestonesMs"`
}

// milestones are the app's log messages on the way to ready, in order.
// The last four are the frontend's debug-level marks (features/ccp/session.ts, app/start.tsx): the ready runs
// use --log-level debug for them.
var milestones = []string{"starting", "ccpsim ready", "window started", "first page loaded", "sandbox sign-in: navigating to ccpsim", "agent signed in",
	"app bundle evaluated", "ccp starting", "ccp initialized", "ccp agent received"}

// ReadyResult is what ready reports.
type ReadyResult struct {
	Runs          []ReadyRun `json:"runs"`
	CCPInitMedian float64    `json:"ccpInitMedianMs"`
	ReadyMedian   float64    `json:"agentReadyMedianMs"`
	ReadyMin      float64    `json:"agentReadyMinMs"`
	ReadyMax      float64    `json:"agentReadyMaxMs"`
}

func ready(bin string, runs int) (ReadyResult, error) {
	var res ReadyResult
	for i := 0; i < runs; i++ {
		r, err := readyOnce(bin)
		if err != nil {
			return res, fmt.Errorf("run %d: %w", i+1, err)
		}
		var ms []string
		for _, k := range milestones {
			if v, ok := r.Milestones[k]; ok {
				ms = append(ms, fmt.Sprintf("%s %.0f", k, v))
			}
		}
		fmt.Printf("ready run %d: %s; CCP initialised (%s at ccpsim) %.0f; agent Available in the panel %.0f ms\n", i+1, strings.Join(ms, ", "), r.FirstMethod, r.CCPInitMs, r.AgentReadyMs)
		res.Runs = append(res.Runs, r)
	}
	var init, rd []float64
	for _, r := range res.Runs {
		init = append(init, r.CCPInitMs)
		rd = append(rd, r.AgentReadyMs)
	}
	res.CCPInitMedian, res.ReadyMedian = median(init), median(rd)
	sort.Float64s(rd)
	res.ReadyMin, res.ReadyMax = rd[0], rd[len(rd)-1]
	var ms []string
	for _, k := range milestones {
		var v []float64
		for _, r := range res.Runs {
			if x, ok := r.Milestones[k]; ok {
				v = append(v, x)
			}
		}
		if len(v) > 0 {
			ms = append(ms, fmt.Sprintf("%q: %.0f", k, median(v)))
		}
	}
	fmt.Printf("ready milestones, median ms after process start: %s\n", strings.Join(ms, ", "))
	fmt.Printf("RESULT ready: runs=%d ccp_init_median_ms=%.0f agent_available_median_ms=%.0f min_ms=%.0f max_ms=%.0f (target ≤ 1500)\n",
		runs, res.CCPInitMedian, res.ReadyMedian, res.ReadyMin, res.ReadyMax)
	return res, nil
}

func readyOnce(bin string) (ReadyRun, error) {
	dir, err := os.MkdirTemp("", "ccpdesk-bench-ready")
	if err != nil {
		return ReadyRun{}, err
	}
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "r.json")
	a, err := startApp(bin, "--selftest="+report, "--selftest-linger=0s", "--selftest-timeout=60s", "--log-level=debug")
	if err != nil {
		return ReadyRun{}, err
	}
	defer a.stop()
	control, err := a.controlURL()
	if err != nil {
		return ReadyRun{}, err
	}
	deadline := time.Now().Add(60 * time.Second)
	var readyAt time.Time
	for readyAt.IsZero() {
		if time.Now().After(deadline) {
			return ReadyRun{}, fmt.Errorf("no agent_ready in 60 s (log %s)", a.log.Name())
		}
		var rep struct {
			Steps []struct {
				Name string    `json:"name"`
				At   time.Time `json:"at"`
			} `json:"steps"`
		}
		if b, err := os.ReadFile(report); err == nil && json.Unmarshal(b, &rep) == nil {
			for _, s := range rep.Steps {
				if s.Name == "agent_ready" {
					readyAt = s.At
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	var rr struct {
		Requests []ccpsim.RequestRecord `json:"requests"`
	}
	if err := getJSON(control+"/v1/requests?since=0", &rr); err != nil {
		return ReadyRun{}, err
	}
	reqs := rr.Requests
	if len(reqs) == 0 {
		return ReadyRun{}, fmt.Errorf("ccpsim saw no request")
	}
	ms := func(t time.Time) float64 { return float64(t.Sub(a.start).Microseconds()) / 1000 }
	r := ReadyRun{CCPInitMs: ms(reqs[0].Time), AgentReadyMs: ms(readyAt), FirstMethod: reqs[0].Method, Milestones: map[string]float64{}}
	a.mu.Lock()
	for _, k := range milestones {
		if t, ok := a.marks[k]; ok {
			r.Milestones[k] = ms(t)
		}
	}
	a.mu.Unlock()
	return r, nil
}

// MemoryResult is what memory reports.
type MemoryResult struct {
	Idle             time.Duration `json:"idleNs"`
	Gap              time.Duration `json:"gapNs"`
	Calls            int           `json:"calls"`
	AfterIdle        Mem           `json:"afterIdle"`
	AfterCalls       Mem           `json:"afterCalls"`
	AfterSettle      Mem           `json:"afterSettle"`
	GrowthSettledPSS float64       `json:"growthSettledPssPct"`
	GrowthPSS        float64       `json:"growthPssPct"`
	GrowthRSS        float64       `json:"growthRssPct"`
	GrowthUSS        float64       `json:"growthUssPct"`
	CallsSecond      float64       `json:"callsPerSecond"`
}


func memory(bin string, idle time.Duration, calls int, settle, gap time.Duration, every int) (MemoryResult, error) {
	res := MemoryResult{Idle: idle, Calls: calls, Gap: gap}
	a, err := startApp(bin)
	if err != nil {
		return res, err
	}
	defer a.stop()
	control, err := a.controlURL()
	if err != nil {
		return res, err
	}
	// Wait for the window's CCP page.
	for deadline := time.Now().Add(60 * time.Second); ; {
		var st struct {
			CCPs []json.RawMessage `json:"ccps"`
		}
		if getJSON(control+"/v1/state", &st) == nil && len(st.CCPs) > 0 {
			break
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("the window's CCP never connected (log %s)", a.log.Name())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := a.engineOptionsAccepted(); err != nil {
		return res, err
	}
	if err := post(control+"/v1/agents/agent1/state", `{"state":"Available"}`); err != nil {
		return res, err
	}
	fmt.Printf("memory: CCP loaded, agent Available; idle %s\n", idle)
	time.Sleep(idle)
	if res.AfterIdle, err = TreeMem(a.cmd.Process.Pid); err != nil {
		return res, err
	}
	fmt.Printf("memory after %s idle: %s\n", idle, res.AfterIdle)

	var info ccpsim.Info
	if err := getJSON(control+"/v1/info", &info); err != nil {
		return res, err
	}
	page, err := simpage.Connect(info, info.Regions[0], "agent1", "wails://wails")
	if err != nil {
		return res, err
	}
	defer page.Close()
	t0 := time.Now()
	for i := 0; i < calls; i++ {
		if err := post(control+"/v1/contacts", `{"channel":"VOICE","from":"+15555550100","queue":"BasicQueue"}`); err != nil {
			return res, err
		}
		var id string
		select {
		case id = <-page.Offers:
		case <-time.After(20 * time.Second):
			return res, fmt.Errorf("call %d: no offer in 20 s", i+1)
		}
		for _, m := range []string{"acceptContact", "destroyContact", "clearContact"} {
			if _, _, err := page.Call(m, map[string]any{"contactId": id}); err != nil {
				return res, fmt.Errorf("call %d: %w", i+1, err)
			}
			if m == "acceptContact" {
				// Let the window show the connected call (ccpsim connects media after ConnectDelayMs).
				waitState(control, "agent1", id, "connected", 5*time.Second)
			}
		}
		waitNoContacts(control, 5*time.Second)
		if every > 0 && (i+1)%every == 0 {
			if m, err := TreeMem(a.cmd.Process.Pid); err != nil {
				fmt.Printf("memory after call %d: no reading: %v\n", i+1, err)
			} else {
				fmt.Printf("memory after call %d (%s): %s\n", i+1, time.Since(t0).Round(time.Second), m)
			}
		}
		time.Sleep(gap)
	}
	res.CallsSecond = float64(calls) / time.Since(t0).Seconds()
	time.Sleep(3 * time.Second) // let the window settle
	if res.AfterCalls, err = TreeMem(a.cmd.Process.Pid); err != nil {
		return res, err
	}
	res.GrowthPSS = pct(res.AfterIdle.PSSKiB, res.AfterCalls.PSSKiB)
	res.GrowthRSS = pct(res.AfterIdle.RSSKiB, res.AfterCalls.RSSKiB)
	res.GrowthUSS = pct(res.AfterIdle.USSKiB, res.AfterCalls.USSKiB)
	fmt.Printf("memory after %d calls (%.1f calls/s): %s\n", calls, res.CallsSecond, res.AfterCalls)
	fmt.Printf("RESULT memory-window: idle=%s after_idle_rss_mib=%.1f after_idle_pss_mib=%.1f calls=%d gap=%s after_calls_rss_mib=%.1f after_calls_pss_mib=%.1f growth_pss_pct=%.1f growth_rss_pct=%.1f growth_uss_pct=%.1f cpu_s_calls=%.1f (target ≤ 10 %%)\n",
		idle, mib(res.AfterIdle.RSSKiB), mib(res.AfterIdle.PSSKiB), calls, gap, mib(res.AfterCalls.RSSKiB), mib(res.AfterCalls.PSSKiB), res.GrowthPSS, res.GrowthRSS, res.GrowthUSS,
		float64(res.AfterCalls.CPUms-res.AfterIdle.CPUms)/1000)
	if settle > 0 {
		time.Sleep(settle)
		if res.AfterSettle, err = TreeMem(a.cmd.Process.Pid); err != nil {
			return res, err
		}
		res.GrowthSettledPSS = pct(res.AfterIdle.PSSKiB, res.AfterSettle.PSSKiB)
		fmt.Printf("memory %s after the calls: %s\n", settle, res.AfterSettle)
		fmt.Printf("RESULT memory-window-settled: %s_after_calls_rss_mib=%.1f pss_mib=%.1f growth_pss_pct=%.1f\n", settle, mib(res.AfterSettle.RSSKiB), mib(res.AfterSettle.PSSKiB), res.GrowthSettledPSS)
	}
	return res, nil
}

func pct(a, b int64) float64 { return 100 * float64(b-a) / float64(a) }
func mib(k int64) float64    { return float64(k) / 1024 }

// waitState waits until the agent's contact id has a connection in state (from /v1/state).
func waitState(control, agent, id, state string, max time.Duration) {
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := getBytes(control + "/v1/state")
		if err == nil && strings.Contains(string(b), id) && strings.Contains(string(b), `"`+state+`"`) {
			return
		}
	}
}

func waitNoContacts(control string, max time.Duration) {
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var st struct {
			Agents []struct {
				Contacts []json.RawMessage `json:"contacts"`
			} `json:"agents"`
		}
		if getJSON(control+"/v1/state", &st) == nil {
			n := 0
			for _, a := range st.Agents {
				n += len(a.Contacts)
			}
			if n == 0 {
				return
			}
		}
	}
}

// Mem is the memory of a process tree.
type Mem struct {
	RSSKiB int64               `json:"rssKiB"`
	PSSKiB int64               `json:"pssKiB"`
	USSKiB int64               `json:"ussKiB"` // private pages only: unlike PSS, not lowered by other processes mapping the same libraries
	Procs  map[string][2]int64 `json:"procs"`  // comm → [rss, pss] KiB (summed over processes of that name)
	CPUms  int64               `json:"cpuMs"`  // user + system CPU time the tree's live processes have used
}

func (m Mem) String() string {
	var parts []string
	for k, v := range m.Procs {
		parts = append(parts, fmt.Sprintf("%s rss=%.0f pss=%.0f", k, mib(v[0]), mib(v[1])))
	}
	sort.Strings(parts)
	return fmt.Sprintf("RSS %.1f MiB, PSS %.1f MiB, USS %.1f MiB (%s)", mib(m.RSSKiB), mib(m.PSSKiB), mib(m.USSKiB), strings.Join(parts, "; "))
}

// smapsDir, when set, receives a copy of each tree process's smaps at each TreeMem reading.
var smapsDir string

var smapsReading int

// TreeMem sums RSS and PSS (from /proc/PID/smaps_rollup) over root and all its descendants.
func TreeMem(root int) (Mem, error) {
	m := Mem{Procs: map[string][2]int64{}}
	children := map[int][]int{}
	cpu := map[int]int64{} // pid → utime + stime, ms (clock ticks are 10 ms on Linux)
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return m, err
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if len(f) > 1 {
			ppid, _ := strconv.Atoi(f[1])
			children[ppid] = append(children[ppid], pid)
		}
		if len(f) > 12 {
			ut, _ := strconv.ParseInt(f[11], 10, 64)
			st, _ := strconv.ParseInt(f[12], 10, 64)
			cpu[pid] = (ut + st) * 10
		}
	}
	stack := []int{root}
	found := false
	smapsReading++
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		stack = append(stack, children[pid]...)
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
		if err != nil {
			continue
		}
		found = true
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if smapsDir != "" {
			if sm, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid)); err == nil {
				os.MkdirAll(smapsDir, 0o755)
				os.WriteFile(filepath.Join(smapsDir, fmt.Sprintf("%d-%s-%d.smaps", smapsReading, strings.TrimSpace(string(comm)), pid)), sm, 0o644)
			}
		}
		var rss, pss, uss int64
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			v, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "Rss:":
				rss = v
			case "Pss:":
				pss = v
			case "Private_Clean:", "Private_Dirty:":
				uss += v
			}
		}
		m.RSSKiB += rss
		m.PSSKiB += pss
		m.CPUms += cpu[pid]
		m.USSKiB += uss
		k := strings.TrimSpace(string(comm))
		p := m.Procs[k]
		m.Procs[k] = [2]int64{p[0] + rss, p[1] + pss}
	}
	if !found {
		return m, fmt.Errorf("no process %d", root)
	}
	return m, nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

var client = &http.Client{Timeout: 10 * time.Second}

func getBytes(u string) ([]byte, error) {
	resp, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func getJSON(u string, v any) error {
	b, err := getBytes(u)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func post(u, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s: %d %s", u, resp.StatusCode, b)
	}
	return nil
}
