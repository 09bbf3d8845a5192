package config

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func envMap(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func ptr[T any](v T) *T { return &v }

func TestLoadValid(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		env   map[string]string
		over  Overrides
		check func(t *testing.T, c *Config)
	}{
		{
			name: "minimal instance",
			file: "ccpUrl: https://example.my.connect.aws/ccp-v2/\n",
			check: func(t *testing.T, c *Config) {
				if c.Sandbox {
					t.Errorf("Sandbox = true, want false")
				}
				if c.CCPVisibility != VisibilitySideBySide || c.Shell != ShellBundled || !c.Softphone.Enabled || c.Logs.EncryptAtRest {
					t.Errorf("defaults not applied: %+v", c)
				}
			},
		},
		{
			name: "log encryption at rest",
			file: "ccpUrl: https://example.my.connect.aws/ccp-v2/\nlogs:\n  encryptAtRest: true\n",
			check: func(t *testing.T, c *Config) {
				if !c.Logs.EncryptAtRest {
					t.Errorf("Logs.EncryptAtRest = false, want true")
				}
			},
		},
		{
			name: "awsapps path and GR",
			file: `ccpUrl: https://example.awsapps.com/connect/ccp-v2/
secondaryCCPUrl: https://example-dr.awsapps.com/connect/ccp-v2/
loginUrl: https://example.awsapps.com/connect/login
regions: [us-east-1, us-west-2]
ccpVisibility: hidden
contactAttributes:
  - {key: accountId, label: Account}
  - {key: tier, label: Tier}
softphone: {enabled: false, disableRingtone: true}
`,
			check: func(t *testing.T, c *Config) {
				if len(c.ContactAttributes) != 2 || c.ContactAttributes[1].Label != "Tier" {
					t.Errorf("attributes = %+v", c.ContactAttributes)
				}
				if c.Softphone.Enabled || !c.Softphone.DisableRingtone {
					t.Errorf("softphone = %+v", c.Softphone)
				}
			},
		},
		{
			name: "env overrides file, flag overrides env",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\n",
			env:  map[string]string{"CCPDESK_CCP_URL": "https://b.my.connect.aws/ccp-v2/", "CCPDESK_CCP_VISIBILITY": "visible"},
			over: Overrides{CCPURL: ptr("https://c.my.connect.aws/ccp-v2/")},
			check: func(t *testing.T, c *Config) {
				if c.CCPURL != "https://c.my.connect.aws/ccp-v2/" {
					t.Errorf("CCPURL = %q, want the flag's", c.CCPURL)
				}
				if c.CCPVisibility != VisibilityVisible {
					t.Errorf("CCPVisibility = %q, want visible", c.CCPVisibility)
				}
			},
		},
		{
			name: "sandbox flag allows loopback http",
			file: "ccpUrl: http://127.0.0.1:41001/ccp-v2/\n",
			over: Overrides{Sandbox: ptr(true)},
			check: func(t *testing.T, c *Config) {
				if !c.Sandbox {
					t.Errorf("Sandbox = false, want true")
				}
			},
		},
		{
			name: "hosted shell",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nshell: hosted\nhostedShellUrl: https://desk.example.com/\n",
			check: func(t *testing.T, c *Config) {
				got := ApprovedOrigins(c)
				if len(got) != 1 || got[0].Origin != "https://desk.example.com" {
					t.Errorf("ApprovedOrigins = %+v", got)
				}
			},
		},
		{
			name: "empty file is sandbox-free defaults but needs ccpUrl from env",
			file: "",
			env:  map[string]string{"CCPDESK_CCP_URL": "https://a.my.connect.aws/ccp-v2"},
			check: func(t *testing.T, c *Config) {
				if c.Sandbox || c.CCPURL == "" {
					t.Errorf("got %+v", c)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.over
			o.ConfigPath = ptr(writeFile(t, tt.file))
			c, err := Load(&o, envMap(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestLoadNoFileIsSandbox(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	tests := []struct {
		name        string
		env         map[string]string
		wantSandbox bool
	}{
		{"nothing", nil, true},
		{"ccpUrl in env", map[string]string{"CCPDESK_CCP_URL": "https://a.my.connect.aws/ccp-v2/"}, false},
		{"CCPDESK_SANDBOX", map[string]string{"CCPDESK_SANDBOX": "1", "CCPDESK_CCP_URL": "https://a.my.connect.aws/ccp-v2/"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(nil, envMap(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if c.Sandbox != tt.wantSandbox {
				t.Errorf("Sandbox = %v, want %v", c.Sandbox, tt.wantSandbox)
			}
		})
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		over Overrides
		// each want is a substring of one problem, with its line (0 = no line)
		want []struct {
			line  int
			field string
			sub   string
		}
	}{
		{
			name: "http ccpUrl outside sandbox",
			file: "# instance\nccpUrl: http://example.my.connect.aws/ccp-v2/\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{2, "ccpUrl", "must use https"}},
		},
		{
			name: "loopback http without sandbox",
			file: "ccpUrl: http://127.0.0.1:8080/ccp-v2/\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{1, "ccpUrl", "only in sandbox"}},
		},
		{
			name: "not a CCP path",
			file: "ccpUrl: https://example.my.connect.aws/connect/home\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{1, "ccpUrl", "not a CCP path"}},
		},
		{
			name: "unknown key and wrong type",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nccpURL: x\nccpLoadTimeoutSeconds: soon\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{2, "ccpURL", "unknown setting"}, {3, "", "wrong type"}},
		},
		{
			name: "log encryption not a boolean",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nlogs:\n  encryptAtRest: maybe\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{3, "", "wrong type"}},
		},
		{
			name: "several problems at once with lines",
			file: `ccpUrl: https://a.my.connect.aws/ccp-v2/
secondaryCCPUrl: https://a.my.connect.aws/ccp-v2/
regions: [us-east-1]
ccpVisibility: sometimes
contactAttributes:
  - {key: a, label: A}
  - {key: "", label: B}
shell: hosted
`,
			want: []struct {
				line  int
				field string
				sub   string
			}{
				{2, "secondaryCCPUrl", "different origin"},
				{2, "loginUrl", "required with secondaryCCPUrl"},
				{3, "regions", "exactly two regions"},
				{4, "ccpVisibility", "not one of"},
				{7, "contactAttributes[1].key", "required"},
				{8, "hostedShellUrl", "required with shell: hosted"},
			},
		},
		{
			name: "bad flag value names the flag",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\n",
			over: Overrides{CCPVisibility: ptr("floating")},
			want: []struct {
				line  int
				field string
				sub   string
			}{{0, "ccpVisibility", "flag --ccp-visibility"}},
		},
		{
			name: "bad env value names the variable",
			file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\n",
			env:  map[string]string{"CCPDESK_SHELL": "cloud"},
			want: []struct {
				line  int
				field string
				sub   string
			}{{0, "shell", "env CCPDESK_SHELL"}},
		},
		{
			name: "not a mapping",
			file: "- a\n- b\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{1, "", "must be a YAML mapping"}},
		},
		{
			name: "syntax error",
			file: "ccpUrl: [unclosed\n",
			want: []struct {
				line  int
				field string
				sub   string
			}{{0, "", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.over
			path := writeFile(t, tt.file)
			o.ConfigPath = ptr(path)
			c, err := Load(&o, envMap(tt.env))
			if err == nil {
				t.Fatalf("Load = %+v, want an error", c)
			}
			if c != nil {
				t.Errorf("Load returned a config with an error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("errors.Is(err, ErrInvalid) = false for %v", err)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("not a ValidationError: %v", err)
			}
			for _, w := range tt.want {
				found := false
				for _, p := range ve.Problems {
					msg := p.Error()
					if (w.field == "" || p.Field == w.field) && (w.line == 0 || p.Line == w.line) && strings.Contains(msg, w.sub) {
						found = true
						if p.Line > 0 && p.File != path {
							t.Errorf("problem %q: File = %q, want %q", msg, p.File, path)
						}
					}
				}
				if !found {
					t.Errorf("no problem with line %d field %q containing %q in:\n%v", w.line, w.field, w.sub, err)
				}
			}
		})
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	_, err := Load(&Overrides{ConfigPath: ptr(filepath.Join(t.TempDir(), "nope.yaml"))}, envMap(nil))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("got %v, want a cannot-read validation error", err)
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url     string
		sandbox bool
		wantOK  bool
	}{
		{"https://a.my.connect.aws/ccp-v2/", false, true},
		{"http://localhost:1/ccp-v2/", true, true},
		{"http://[::1]:1/ccp-v2/", true, true},
		{"http://localhost:1/ccp-v2/", false, false},
		{"http://10.0.0.1/ccp-v2/", true, false},
		{"ftp://a/ccp-v2", false, false},
		{"/ccp-v2/", false, false},
		{"https://user:pw@a.example/ccp-v2/", false, false},
		{"https://a b/", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, reason := checkURL(tt.url, tt.sandbox)
			if got := reason == ""; got != tt.wantOK {
				t.Errorf("checkURL(%q, %v) ok = %v (%s), want %v", tt.url, tt.sandbox, got, reason, tt.wantOK)
			}
		})
	}
}

func TestDoctor(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
		want    []string
	}{
		{
			name: "bundled instance",
			cfg:  Config{CCPURL: srv.URL + "/ccp-v2/", Shell: ShellBundled},
			want: []string{"ok   ccpUrl", "wails://wails", "http://wails.localhost", "accepts only https://"},
		},
		{
			name:    "unreachable url fails",
			cfg:     Config{CCPURL: srv.URL + "/ccp-v2/", LoginURL: srv.URL + "/missing", Shell: ShellBundled},
			wantErr: true,
			want:    []string{"FAIL loginUrl", "HTTP 404"},
		},
		{
			name: "hosted",
			cfg:  Config{CCPURL: srv.URL + "/ccp-v2/", Shell: ShellHosted, HostedShellURL: srv.URL + "/shell/"},
			want: []string{srv.URL + " ", "hosted shell"},
		},
		{
			name: "sandbox skips checks",
			cfg:  Config{Sandbox: true, Shell: ShellBundled},
			want: []string{"Mode: sandbox", "wails://wails"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Doctor(context.Background(), &buf, &tt.cfg, srv.Client())
			if (err != nil) != tt.wantErr {
				t.Errorf("Doctor err = %v, wantErr %v", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, buf.String())
				}
			}
		})
	}
}
