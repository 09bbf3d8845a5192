package logparse

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Charts returns self-contained SVG documents (no scripts, no external
// references) keyed by file name: clock skew, API latency and agent states
// over time. Charts without data are omitted.
func (tl *Timeline) Charts() map[string]string {
	out := map[string]string{}
	if len(tl.skews) > 0 {
		out["skew.svg"] = tl.skewChart()
	}
	if len(tl.calls) > 0 {
		out["api-latency.svg"] = tl.latencyChart()
	}
	if len(tl.AgentStates) > 0 {
		out["agent-states.svg"] = tl.statesChart()
	}
	return out
}

const (
	chartW, chartH         = 960, 260
	padL, padR, padT, padB = 70, 20, 30, 40
)

type chart struct {
	b            strings.Builder
	t0, t1       time.Time
	y0, y1       float64
	plotW, plotH float64
}

func newChart(title string, t0, t1 time.Time, y0, y1 float64, h int) *chart {
	if !t1.After(t0) {
		t1 = t0.Add(time.Second)
	}
	if y1 <= y0 {
		y1 = y0 + 1
	}
	c := &chart{t0: t0, t1: t1, y0: y0, y1: y1, plotW: chartW - padL - padR, plotH: float64(h - padT - padB)}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`, chartW, h, chartW, h)
	fmt.Fprintf(&c.b, `<rect width="100%%" height="100%%" fill="#fff"/><text x="%d" y="18" font-size="13" font-weight="bold">%s</text>`, padL, esc(title))
	fmt.Fprintf(&c.b, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#999"/>`, padL, padT, c.plotW, c.plotH)
	for i := 0; i <= 5; i++ {
		t := t0.Add(time.Duration(float64(t1.Sub(t0)) * float64(i) / 5))
		x := c.x(t)
		anchor := map[int]string{0: "start", 5: "end"}[i]
		if anchor == "" {
			anchor = "middle"
		}
		fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.0f" stroke="#eee"/><text x="%.1f" y="%.0f" text-anchor="%s">%s</text>`,
			x, padT, x, float64(padT)+c.plotH, x, float64(padT)+c.plotH+14, anchor, t.UTC().Format("15:04:05"))
	}
	return c
}

func (c *chart) x(t time.Time) float64 {
	return padL + c.plotW*float64(t.Sub(c.t0))/float64(c.t1.Sub(c.t0))
}

func (c *chart) y(v float64) float64 {
	return float64(padT) + c.plotH*(1-(v-c.y0)/(c.y1-c.y0))
}

func (c *chart) yAxis(unit string) {
	for i := 0; i <= 4; i++ {
		v := c.y0 + (c.y1-c.y0)*float64(i)/4
		y := c.y(v)
		fmt.Fprintf(&c.b, `<line x1="%d" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end">%.0f %s</text>`,
			padL, y, padL+c.plotW, y, padL-4, y+4, v, unit)
	}
}

func (c *chart) done() string {
	c.b.WriteString(`</svg>`)
	return c.b.String()
}

func esc(s string) string { return html.EscapeString(s) }

var palette = []string{"#0972d3", "#d45b07", "#037f0c", "#7d2105", "#8456ce"}

// skewChart: skew per region as lines, with the warning band shaded.
func (tl *Timeline) skewChart() string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range tl.skews {
		lo, hi = math.Min(lo, s.Ms), math.Max(hi, s.Ms)
	}
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	c := newChart("Clock skew (server − local, ms)", tl.Start, tl.End, lo, hi, chartH)
	c.yAxis("ms")
	fmt.Fprintf(&c.b, `<line x1="%d" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#666" stroke-dasharray="4 3"/>`, padL, c.y(0), padL+c.plotW, c.y(0))
	byRegion := map[string][]SkewSample{}
	var order []string
	for _, s := range tl.skews {
		if _, ok := byRegion[s.Region]; !ok {
			order = append(order, s.Region)
		}
		byRegion[s.Region] = append(byRegion[s.Region], s)
	}
	for i, r := range order {
		pts := byRegion[r]
		step := max(1, len(pts)/2000)
		var p strings.Builder
		for j := 0; j < len(pts); j += step {
			fmt.Fprintf(&p, "%.1f,%.1f ", c.x(pts[j].Time), c.y(pts[j].Ms))
		}
		col := palette[i%len(palette)]
		fmt.Fprintf(&c.b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, col, strings.TrimSpace(p.String()))
		fmt.Fprintf(&c.b, `<text x="%.0f" y="%d" fill="%s" text-anchor="end">%s</text>`, padL+c.plotW, 18+14*i, col, esc(reg(r)))
	}
	return c.done()
}

// latencyChart: one dot per API call; failures red and larger.
func (tl *Timeline) latencyChart() string {
	hi := 0.0
	for _, a := range tl.calls {
		hi = math.Max(hi, a.LatencyMs)
	}
	c := newChart("API latency (ms); red = failed", tl.Start, tl.End, 0, hi, chartH)
	c.yAxis("ms")
	step := max(1, len(tl.calls)/5000)
	for i, a := range tl.calls {
		if a.LatencyMs < 0 || (a.OK && i%step != 0) {
			continue
		}
		col, r := "#0972d3", 2.0
		if !a.OK {
			col, r = "#d91515", 4
		}
		fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="%.0f" fill="%s" fill-opacity="0.7"><title>%s %s %.0f ms</title></circle>`,
			c.x(a.Time), c.y(a.LatencyMs), r, col, esc(a.Time.UTC().Format(tsLayout)), esc(a.Op), a.LatencyMs)
	}
	return c.done()
}

var stateColors = map[string]string{"routable": "#037f0c", "not_routable": "#5f6b7a", "system": "#d45b07", "error": "#d91515", "offline": "#232f3e"}

// statesChart: one band per region, a coloured span per agent state.
func (tl *Timeline) statesChart() string {
	var regions []string
	seen := map[string]bool{}
	for _, s := range tl.AgentStates {
		if !seen[s.Region] {
			seen[s.Region] = true
			regions = append(regions, s.Region)
		}
	}
	h := padT + padB + 36*len(regions)
	c := newChart("Agent states", tl.Start, tl.End, 0, 1, h)
	lx := 260.0
	for _, typ := range []string{"routable", "not_routable", "system", "error", "offline"} {
		fmt.Fprintf(&c.b, `<rect x="%.0f" y="8" width="10" height="10" fill="%s"/><text x="%.0f" y="17">%s</text>`, lx, stateColors[typ], lx+14, typ)
		lx += 100
	}
	for ri, r := range regions {
		y := float64(padT + 36*ri + 4)
		fmt.Fprintf(&c.b, `<text x="%d" y="%.0f" text-anchor="end">%s</text>`, padL-4, y+18, esc(reg(r)))
		var prev *StateChange
		flush := func(end time.Time) {
			if prev == nil {
				return
			}
			x0, x1 := c.x(prev.Time), c.x(end)
			col := stateColors[prev.Type]
			if col == "" {
				col = "#8456ce"
			}
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.0f" width="%.1f" height="28" fill="%s"><title>%s %s (%s)</title></rect>`,
				x0, y, math.Max(x1-x0, 0.5), col, esc(prev.Time.UTC().Format(tsLayout)), esc(prev.Name), esc(end.Sub(prev.Time).Round(time.Second).String()))
			if x1-x0 > 7*float64(len(prev.Name)) {
				fmt.Fprintf(&c.b, `<text x="%.1f" y="%.0f" fill="#fff">%s</text>`, x0+3, y+18, esc(prev.Name))
			}
		}
		for i := range tl.AgentStates {
			s := &tl.AgentStates[i]
			if s.Region != r {
				continue
			}
			flush(s.Time)
			prev = s
		}
		flush(tl.End)
	}
	return c.done()
}
