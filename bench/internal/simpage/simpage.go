// Package simpage is a CCP page for benchmarks: it signs an agent in to ccpsim, opens the page socket the
// CCP bridge page uses, sees contacts offered to the agent and makes the API calls Streams makes.
package simpage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/ccpdesk/ccpdesk/internal/ccpsim"
)

// Page is one connected CCP page of an agent.
type Page struct {
	Name    string
	ws      *websocket.Conn
	mu      sync.Mutex
	pending map[string]chan string
	Offers  chan string // contact ids, once each, when the contact first shows as connecting (voice)
	seq     int
}

var socketRE = regexp.MustCompile(`"socket":"([^"]+)"`)

// Connect signs name in (top-level sign-in, cookie) in region and opens its CCP page socket as if the page
// were embedded by parentOrigin.
func Connect(info ccpsim.Info, region, name, parentOrigin string) (*Page, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if _, err := c.Get(info.SignInURLs[region] + "?username=" + name); err != nil {
		return nil, err
	}
	resp, err := c.Get(info.CCPURLs[region])
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := socketRE.FindSubmatch(body)
	if m == nil {
		return nil, fmt.Errorf("%s: not signed in", name)
	}
	u, _ := url.Parse(info.CCPURLs[region])
	ws, _, err := websocket.Dial(context.Background(), "ws://"+u.Host+strings.ReplaceAll(string(m[1]), `\u0026`, "&"), nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(8 << 20)
	p := &Page{Name: name, ws: ws, pending: map[string]chan string{}, Offers: make(chan string, 64)}
	hello, _ := json.Marshal(map[string]any{"parentOrigin": parentOrigin})
	ws.Write(context.Background(), websocket.MessageText, hello)
	outer, _ := json.Marshal(map[string]any{"event": "outer_context_info", "data": map[string]any{"streamsVersion": "2.28.1"}})
	ws.Write(context.Background(), websocket.MessageText, outer)
	go p.read()
	return p, nil
}

// Close closes the socket.
func (p *Page) Close() { p.ws.Close(websocket.StatusNormalClosure, "") }

var requestRE = regexp.MustCompile(`"event":"api_response","requestId":"([^"]+)"`)

var contactRE = regexp.MustCompile(`"contactId":"([0-9a-f-]{36})","initialContactId":null,"type":"voice","state":\{"type":"connecting"`)

func (p *Page) read() {
	seen := map[string]bool{}
	defer close(p.Offers)
	for {
		_, raw, err := p.ws.Read(context.Background())
		if err != nil {
			return
		}
		if bytes.Contains(raw, []byte(`"event":"api_response"`)) {
			for _, m := range requestRE.FindAllSubmatch(raw, -1) {
				p.mu.Lock()
				if ch := p.pending[string(m[1])]; ch != nil {
					ch <- string(raw)
					delete(p.pending, string(m[1]))
				}
				p.mu.Unlock()
			}
		}
		if bytes.Contains(raw, []byte(`"event":"agent::update"`)) {
			for _, m := range contactRE.FindAllSubmatch(raw, -1) {
				if id := string(m[1]); !seen[id] {
					seen[id] = true
					select {
					case p.Offers <- id:
					default:
					}
				}
			}
		}
	}
}

// Call makes one API request (method with params) and waits for its response (up to 10 s); it returns
// the round-trip time and the raw response frame.
func (p *Page) Call(method string, params map[string]any) (time.Duration, string, error) {
	p.mu.Lock()
	p.seq++
	id := fmt.Sprintf("%s-%d", p.Name, p.seq)
	ch := make(chan string, 1)
	p.pending[id] = ch
	p.mu.Unlock()
	b, _ := json.Marshal(map[string]any{"event": "api_request", "data": map[string]any{"event": "api_request", "requestId": id, "method": method, "params": params}})
	s := time.Now()
	if err := p.ws.Write(context.Background(), websocket.MessageText, b); err != nil {
		return 0, "", err
	}
	select {
	case r := <-ch:
		return time.Since(s), r, nil
	case <-time.After(10 * time.Second):
		return time.Since(s), "", fmt.Errorf("%s: no response in 10 s", method)
	}
}
