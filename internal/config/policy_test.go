package config

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeNamed(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const instance = "https://example.my.connect.aws/ccp-v2/"

func TestPolicyLayering(t *testing.T) {
	type want struct {
		key        string
		value      any
		layer      Layer
		whereHas   string // substring of ValueSource.Where
		locked     bool
		violations int
	}
	tests := []struct {
		name       string
		policy     string // "" = no policy file
		user       string // "" = no user file
		env        map[string]string
		over       Overrides
		want       []want
		violations []string // substrings, in order
	}{
		{
			name:   "policy under user file: user wins when not locked",
			policy: "ccpUrl: " + instance + "\nccpVisibility: hidden\n",
			user:   "ccpVisibility: visible\n",
			want: []want{
				{key: "ccpUrl", value: instance, layer: LayerPolicy, whereHas: "policy.yaml:1"},
				{key: "ccpVisibility", value: "visible", layer: LayerUser, whereHas: "config.yaml:1"},
				{key: "shell", value: "bundled", layer: LayerDefault},
			},
		},
		{
			name:   "locked key: user file, env and flag are refused and reported",
			policy: "ccpUrl: " + instance + "\nccpVisibility: hidden\nlocked: [ccpVisibility, ccpUrl]\n",
			user:   "ccpUrl: https://other.my.connect.aws/ccp-v2/\nccpLoadTimeoutSeconds: 9\n",
			env:    map[string]string{"CCPDESK_CCP_VISIBILITY": "visible"},
			over:   Overrides{CCPVisibility: ptr("side-by-side")},
			want: []want{
				{key: "ccpUrl", value: instance, layer: LayerPolicy, whereHas: "policy.yaml:1", locked: true},
				{key: "ccpVisibility", value: "hidden", layer: LayerPolicy, whereHas: "policy.yaml:2", locked: true},
				{key: "ccpLoadTimeoutSeconds", value: 9, layer: LayerUser},
			},
			violations: []string{
				"ccpUrl is locked by policy (", "policy.yaml:3): the value from user file ", "config.yaml:1 was ignored",
				"ccpVisibility is locked", "env CCPDESK_CCP_VISIBILITY",
				"ccpVisibility is locked", "flag --ccp-visibility",
			},
		},
		{
			name:   "locking a section locks its keys; unlocked siblings of other sections stay free",
			policy: "ccpUrl: " + instance + "\nsoftphone:\n  mode: signalling\nlocked:\n  - softphone\n",
			user:   "softphone:\n  enabled: false\nccpVisibility: hidden\n",
			over:   Overrides{SoftphoneMode: ptr("media")},
			want: []want{
				{key: "softphone.mode", value: "signalling", layer: LayerPolicy, whereHas: "policy.yaml:3", locked: true},
				{key: "softphone.enabled", value: true, layer: LayerDefault, locked: true},
				{key: "ccpVisibility", value: "hidden", layer: LayerUser},
			},
			violations: []string{"softphone is locked", "policy.yaml:5", "user file", "config.yaml:1",
				"softphone.mode is locked", "flag --softphone-mode"},
		},
		{
			name:   "a nested key set in the policy survives a user file setting a sibling",
			policy: "ccpUrl: " + instance + "\nsoftphone: {vdiPlatform: citrix}\n",
			user:   "softphone:\n  disableRingtone: true\n",
			want: []want{
				{key: "softphone.vdiPlatform", value: "CITRIX", layer: LayerPolicy},
				{key: "softphone.disableRingtone", value: true, layer: LayerUser, whereHas: "config.yaml:2"},
			},
		},
		{
			name:   "locking a default value",
			policy: "locked: [startAtLogin]\n",
			user:   "ccpUrl: " + instance + "\nstartAtLogin: true\n",
			want: []want{
				{key: "startAtLogin", value: false, layer: LayerDefault, locked: true},
				{key: "ccpUrl", value: instance, layer: LayerUser},
			},
			violations: []string{"startAtLogin is locked", "config.yaml:2"},
		},
		{
			name:   "IT turns log encryption at rest on and locks it",
			policy: "logs: {encryptAtRest: true}\nlocked: [logs.encryptAtRest]\n",
			user:   "ccpUrl: " + instance + "\nlogs:\n  encryptAtRest: false\n",
			want: []want{
				{key: "logs.encryptAtRest", value: true, layer: LayerPolicy, locked: true},
			},
			violations: []string{"logs.encryptAtRest is locked", "config.yaml:3"},
		},
		{
			name: "env and flag layers are named",
			user: "ccpUrl: " + instance + "\n",
			env:  map[string]string{"CCPDESK_VDI_PLATFORM": "omnissa"},
			over: Overrides{SoftphoneMode: ptr("signalling")},
			want: []want{
				{key: "softphone.vdiPlatform", value: "OMNISSA", layer: LayerEnv, whereHas: "CCPDESK_VDI_PLATFORM"},
				{key: "softphone.mode", value: "signalling", layer: LayerFlag, whereHas: "--softphone-mode"},
			},
		},
		{
			name:   "policy list replaced by the user's",
			policy: "ccpUrl: " + instance + "\ncontactAttributes:\n  - {key: a, label: A}\n  - {key: b, label: B}\n",
			user:   "contactAttributes:\n  - {key: c, label: C}\n",
			want: []want{
				{key: "contactAttributes", value: []Attribute{{Key: "c", Label: "C"}}, layer: LayerUser},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.over
			o.PolicyPath = ptr(filepath.Join(t.TempDir(), "absent.yaml"))
			if tt.policy != "" {
				o.PolicyPath = ptr(writeNamed(t, "policy.yaml", tt.policy))
			}
			o.ConfigPath = ptr(filepath.Join(t.TempDir(), "absent-user.yaml"))
			if tt.user != "" {
				o.ConfigPath = ptr(writeNamed(t, "config.yaml", tt.user))
			}
			c, err := Load(&o, envMap(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, w := range tt.want {
				got, ok := Lookup(c, w.key)
				if !ok {
					t.Fatalf("Lookup(%q) found nothing", w.key)
				}
				if !equalAny(got, w.value) {
					t.Errorf("%s = %#v, want %#v", w.key, got, w.value)
				}
				src := c.Layers.SourceOf(w.key)
				if src.Layer != w.layer || !strings.Contains(src.Where, w.whereHas) {
					t.Errorf("%s came from %v, want %s …%s…", w.key, src, w.layer, w.whereHas)
				}
				if _, locked := c.Layers.Locked(w.key); locked != w.locked {
					t.Errorf("%s locked = %v, want %v", w.key, locked, w.locked)
				}
			}
			var all strings.Builder
			for _, v := range c.Layers.Violations {
				all.WriteString(v.String() + "\n")
			}
			rest := all.String()
			for _, s := range tt.violations {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("violations lack %q (in order):\n%s", s, all.String())
				}
				rest = rest[i+len(s):]
			}
			if len(tt.violations) == 0 && len(c.Layers.Violations) > 0 {
				t.Errorf("unexpected violations:\n%s", all.String())
			}
		})
	}
}

func equalAny(a, b any) bool {
	if as, ok := a.([]Attribute); ok {
		bs, ok := b.([]Attribute)
		return ok && slices.Equal(as, bs)
	}
	return a == b
}

func TestPolicyInvalid(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		user   string
		env    map[string]string
		want   []string // substrings of the error
	}{
		{
			name:   "unknown locked key names file, line, field and the valid keys",
			policy: "ccpUrl: " + instance + "\nlocked:\n  - ccpVisibility\n  - ccpURL\n",
			want:   []string{"policy.yaml:4: locked[1]: \"ccpURL\" is not a setting (valid: ccpUrl, ", "softphone.mode", "startAtLogin"},
		},
		{
			name:   "unknown setting in the policy",
			policy: "ccpUrl: " + instance + "\nccpVisiblity: hidden\n",
			want:   []string{"policy.yaml:2: ccpVisiblity: unknown setting"},
		},
		{
			name:   "invalid value from the policy is reported at the policy's line",
			policy: "ccpUrl: " + instance + "\nsoftphone:\n  vdiPlatform: VMWARE\n",
			want:   []string{"policy.yaml:3: softphone.vdiPlatform: invalid VDIPlatform: \"VMWARE\" (valid: CITRIX, CITRIX_413, AWS_WORKSPACE, OMNISSA, AZURE"},
		},
		{
			name: "invalid mode from the user file",
			user: "ccpUrl: " + instance + "\nsoftphone: {mode: local}\n",
			want: []string{"config.yaml:2: softphone.mode: invalid media mode: \"local\" (valid: standard, signalling, media)"},
		},
		{
			name: "invalid platform from env",
			user: "ccpUrl: " + instance + "\n",
			env:  map[string]string{"CCPDESK_VDI_PLATFORM": "citrix-hdx"},
			want: []string{"env CCPDESK_VDI_PLATFORM: softphone.vdiPlatform: invalid VDIPlatform"},
		},
		{
			name:   "media mode with a VDIPlatform conflicts",
			policy: "ccpUrl: " + instance + "\nsoftphone: {vdiPlatform: AZURE}\n",
			user:   "softphone: {mode: media}\n",
			want:   []string{"config.yaml:1: softphone.mode: conflicting softphone settings: media mode runs on the local device"},
		},
		{
			name:   "the later layer is blamed for a conflict",
			policy: "ccpUrl: " + instance + "\nsoftphone: {mode: media}\n",
			user:   "softphone:\n  vdiPlatform: CITRIX\n",
			want:   []string{"config.yaml:2: softphone.vdiPlatform: conflicting softphone settings"},
		},
		{
			name:   "policy that is not a mapping",
			policy: "- a\n- b\n",
			want:   []string{"policy.yaml:1: the file must be a YAML mapping"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Overrides{PolicyPath: ptr(filepath.Join(t.TempDir(), "absent.yaml")), ConfigPath: ptr(filepath.Join(t.TempDir(), "absent.yaml"))}
			if tt.policy != "" {
				o.PolicyPath = ptr(writeNamed(t, "policy.yaml", tt.policy))
			}
			if tt.user != "" {
				o.ConfigPath = ptr(writeNamed(t, "config.yaml", tt.user))
			} else {
				o.ConfigPath = nil
			}
			_, err := Load(&o, envMap(tt.env))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load err = %v, want ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestPolicyUnreadable(t *testing.T) {
	dir := t.TempDir() // a directory where a file is expected: reading fails, not "absent"
	o := Overrides{PolicyPath: &dir}
	_, err := Load(&o, envMap(nil))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "cannot read the policy file") {
		t.Fatalf("Load err = %v, want a policy read error", err)
	}
}

func TestDefaultPolicyPath(t *testing.T) {
	p := DefaultPolicyPath()
	if !strings.HasSuffix(p, "policy.yaml") || !strings.Contains(p, "ccpdesk") {
		t.Errorf("DefaultPolicyPath() = %q", p)
	}
}

func TestKeys(t *testing.T) {
	keys := Keys()
	for _, k := range []string{"ccpUrl", "softphone", "softphone.mode", "softphone.vdiPlatform", "startAtLogin", "contactAttributes", "logs.encryptAtRest"} {
		if !slices.Contains(keys, k) {
			t.Errorf("Keys() lacks %q: %v", k, keys)
		}
	}
	for _, k := range []string{"Sandbox", "sandbox", "source", "Layers", "locked"} {
		if slices.Contains(keys, k) {
			t.Errorf("Keys() has %q", k)
		}
	}
	if slices.Contains(LeafKeys(), "softphone") {
		t.Errorf("LeafKeys() has the section softphone")
	}
}

func TestDoctorSources(t *testing.T) {
	o := Overrides{
		PolicyPath: ptr(writeNamed(t, "policy.yaml", "ccpUrl: "+instance+"\nlocked: [ccpUrl]\n")),
		ConfigPath: ptr(writeNamed(t, "config.yaml", "ccpUrl: https://x.my.connect.aws/ccp-v2/\nccpVisibility: hidden\n")),
		Sandbox:    ptr(true), // no URL checks
	}
	c, err := Load(&o, envMap(map[string]string{"CCPDESK_SHELL": "bundled"}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Doctor(context.Background(), &buf, c, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{
		"Policy file: " + *o.PolicyPath,
		"ccpUrl ", "policy " + *o.PolicyPath + ":1  [locked]",
		"ccpVisibility", "user file " + *o.ConfigPath + ":2",
		"shell", "env CCPDESK_SHELL",
		"ccpLoadTimeoutSeconds", "default",
		"Locked by policy, ignored:", "ccpUrl is locked by policy (" + *o.PolicyPath + ":2): the value from user file " + *o.ConfigPath + ":1 was ignored",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("doctor output lacks %q:\n%s", w, out)
		}
	}
}

// The example shipped in the .deb (build/linux/policy.example.yaml) must load as a policy.
func TestPolicyExampleLoads(t *testing.T) {
	o := Overrides{PolicyPath: ptr(filepath.Join("..", "..", "build", "linux", "policy.example.yaml")),
		ConfigPath: ptr(writeNamed(t, "config.yaml", "ccpUrl: https://other.my.connect.aws/ccp-v2/\n"))}
	c, err := Load(&o, envMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.CCPURL != instance || !c.StartAtLogin || len(c.Layers.Violations) != 1 {
		t.Errorf("ccpUrl %q startAtLogin %v violations %v", c.CCPURL, c.StartAtLogin, c.Layers.Violations)
	}
}
