package vdi

import (
	"fmt"
	"strings"
)

// linuxCommLen is how much of a process name /proc/<pid>/comm keeps (TASK_COMM_LEN - 1).
const linuxCommLen = 15

// prober runs the probes lazily, each at most once, and collects their errors.
type prober struct {
	env      Env
	procs    map[string]bool
	procDone bool
	errs     []string
	regErr   bool
}

func newProber(env Env) *prober { return &prober{env: env, errs: []string{}} }

// match reports whether m matched and how to describe it.
func (p *prober) match(m marker) (string, bool) {
	switch m.source {
	case SourceEnv:
		if p.env.Getenv == nil {
			return "", false
		}
		v := p.env.Getenv(m.name)
		if v == "" || !strings.HasPrefix(strings.ToUpper(v), strings.ToUpper(m.prefix)) {
			return "", false
		}
		if m.prefix == "" {
			return m.name + " set", true
		}
		return m.name + "=" + m.prefix + "*", true
	case SourceEnvPrefix:
		return p.envPrefix(m.name)
	case SourceProcess:
		if p.hasProcess(m.name) {
			return "process " + m.name, true
		}
	case SourceRegistry:
		if p.env.RegistryKeyExists == nil {
			return "", false
		}
		ok, err := p.env.RegistryKeyExists(m.name)
		if err != nil && !p.regErr {
			p.regErr = true // one report is enough; the other keys fail the same way
			p.errs = append(p.errs, fmt.Sprintf("registry: %v", err))
		}
		if ok {
			return "registry " + m.name, true
		}
	case SourceFile:
		if p.env.FileExists != nil && p.env.FileExists(m.name) {
			return "file " + m.name, true
		}
	}
	return "", false
}

// envPrefix matches variable names case-insensitively (Windows names are).
func (p *prober) envPrefix(prefix string) (string, bool) {
	if p.env.Environ == nil {
		return "", false
	}
	var names []string
	for _, kv := range p.env.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if len(name) > len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return prefix + "* (" + strings.Join(names, ", ") + ")", true
}

func (p *prober) hasProcess(name string) bool {
	if !p.procDone {
		p.procDone = true
		p.procs = map[string]bool{}
		if p.env.Processes != nil {
			list, err := p.env.Processes()
			if err != nil {
				p.errs = append(p.errs, fmt.Sprintf("process list: %v", err))
			}
			for _, n := range list {
				p.procs[normProc(n)] = true
			}
		}
	}
	n := normProc(name)
	if p.procs[n] {
		return true
	}
	// Linux truncates names in /proc/<pid>/comm.
	return len(n) > linuxCommLen && p.procs[n[:linuxCommLen]]
}

func normProc(n string) string {
	n = strings.ToLower(strings.TrimSpace(n))
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	return strings.TrimSuffix(n, ".exe")
}
