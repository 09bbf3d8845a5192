package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Overrides are the values given on the command line; a nil pointer means "not given".
type Overrides struct {
	ConfigPath      *string
	Sandbox         *bool
	CCPURL          *string
	SecondaryCCPURL *string
	Regions         *string
	LoginURL        *string
	CCPVisibility   *string
	Shell           *string
	HostedShellURL  *string
	SoftphoneMode   *string
	VDIPlatform     *string
	// PolicyPath replaces DefaultPolicyPath() (tests). Deliberately not a flag or an
	// environment variable: users must not be able to point the app away from IT's policy.
	PolicyPath *string
}

// flagSpec ties one config field to its flag and environment variable.
type flagSpec struct {
	field, flag, env, usage string
}

var specs = []flagSpec{
	{"ccpUrl", "ccp-url", "CCPDESK_CCP_URL", "instance CCP URL (https://…/ccp-v2/)"},
	{"secondaryCCPUrl", "secondary-ccp-url", "CCPDESK_SECONDARY_CCP_URL", "Global Resiliency replica CCP URL"},
	{"regions", "regions", "CCPDESK_REGIONS", "comma-separated regions of the primary and secondary CCP"},
	{"loginUrl", "login-url", "CCPDESK_LOGIN_URL", "sign-in URL (required with a secondary CCP)"},
	{"ccpVisibility", "ccp-visibility", "CCPDESK_CCP_VISIBILITY", "visible, hidden or side-by-side"},
	{"shell", "shell", "CCPDESK_SHELL", "bundled or hosted"},
	{"hostedShellUrl", "hosted-shell-url", "CCPDESK_HOSTED_SHELL_URL", "URL of the hosted shell (shell=hosted)"},
	{"softphone.mode", "softphone-mode", "CCPDESK_SOFTPHONE_MODE", "VDI media mode: standard, signalling or media"},
	{"softphone.vdiPlatform", "vdi-platform", "CCPDESK_VDI_PLATFORM", "Streams VDIPlatform: CITRIX, CITRIX_413, AWS_WORKSPACE, OMNISSA, AZURE"},
}

// BindFlags registers the configuration flags on fs and returns where their values land.
func BindFlags(fs *flag.FlagSet) *Overrides {
	o := &Overrides{}
	o.ConfigPath = fs.String("config", "", "configuration file (default: "+displayDefaultPath()+"; env CCPDESK_CONFIG)")
	o.Sandbox = fs.Bool("sandbox", false, "run against the built-in ccpsim emulator (env CCPDESK_SANDBOX=1)")
	ptrs := []**string{&o.CCPURL, &o.SecondaryCCPURL, &o.Regions, &o.LoginURL, &o.CCPVisibility, &o.Shell, &o.HostedShellURL, &o.SoftphoneMode, &o.VDIPlatform}
	for i, s := range specs {
		*ptrs[i] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
	}
	return o
}

// OnlySet clears the pointers of flags that were not given, so defaults do not override
// the file. Call it after fs.Parse.
func (o *Overrides) OnlySet(fs *flag.FlagSet) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["config"] {
		o.ConfigPath = nil
	}
	if !set["sandbox"] {
		o.Sandbox = nil
	}
	ptrs := []**string{&o.CCPURL, &o.SecondaryCCPURL, &o.Regions, &o.LoginURL, &o.CCPVisibility, &o.Shell, &o.HostedShellURL, &o.SoftphoneMode, &o.VDIPlatform}
	for i, s := range specs {
		if !set[s.flag] {
			*ptrs[i] = nil
		}
	}
}

func displayDefaultPath() string {
	p, err := DefaultPath()
	if err != nil {
		return "<user config dir>/ccpdesk/" + FileName
	}
	return p
}

// Env looks up environment variables; os.LookupEnv in production, a map in tests.
type Env func(key string) (string, bool)

// Load builds the effective configuration: defaults, the file, the environment, flags.
// It returns a *ValidationError (errors.Is(err, ErrInvalid)) for any invalid value and
// never a partially valid Config.
func Load(o *Overrides, env Env) (*Config, error) {
	if o == nil {
		o = &Overrides{}
	}
	if env == nil {
		env = os.LookupEnv
	}
	c := Default()
	src := origins{}
	policyPath := DefaultPolicyPath()
	if o.PolicyPath != nil {
		policyPath = *o.PolicyPath
	}
	layers, err := loadPolicy(policyPath, &c, src)
	if err != nil {
		return nil, err
	}

	path, explicit := "", false
	if o.ConfigPath != nil {
		path, explicit = *o.ConfigPath, true
	} else if v, ok := env("CCPDESK_CONFIG"); ok && v != "" {
		path, explicit = v, true
	} else {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		c.Source = path
		if err := layers.userFile(path, data, &c, src); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		// No file: sandbox unless the instance is given by env or flags.
	default:
		return nil, &ValidationError{Problems: []*FieldError{{File: path, Reason: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))}}}
	}

	// Environment, then flags.
	vals := []*string{o.CCPURL, o.SecondaryCCPURL, o.Regions, o.LoginURL, o.CCPVisibility, o.Shell, o.HostedShellURL, o.SoftphoneMode, o.VDIPlatform}
	for i, s := range specs {
		if v, ok := env(s.env); ok && v != "" && layers.override(s.field, LayerEnv, s.env) {
			set(&c, s.field, v)
			src[s.field] = &FieldError{From: "env " + s.env}
		}
		if vals[i] != nil && layers.override(s.field, LayerFlag, "--"+s.flag) {
			set(&c, s.field, *vals[i])
			src[s.field] = &FieldError{From: "flag --" + s.flag}
		}
	}

	sandboxFlag := false
	if v, ok := env("CCPDESK_SANDBOX"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, &ValidationError{Problems: []*FieldError{{From: "env CCPDESK_SANDBOX", Reason: fmt.Sprintf("%q is not a boolean", v)}}}
		}
		sandboxFlag = b
	}
	if o.Sandbox != nil {
		sandboxFlag = *o.Sandbox
	}
	c.Sandbox = sandboxFlag || (c.Source == "" && c.CCPURL == "")
	c.Layers = layers

	if err := Validate(&c, src); err != nil {
		return nil, err
	}
	return &c, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func set(c *Config, field, v string) {
	switch field {
	case "ccpUrl":
		c.CCPURL = v
	case "secondaryCCPUrl":
		c.SecondaryCCPURL = v
	case "regions":
		c.Regions = nil
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" {
				c.Regions = append(c.Regions, r)
			}
		}
	case "loginUrl":
		c.LoginURL = v
	case "ccpVisibility":
		c.CCPVisibility = v
	case "shell":
		c.Shell = v
	case "hostedShellUrl":
		c.HostedShellURL = v
	case "softphone.mode":
		c.Softphone.Mode = v
	case "softphone.vdiPlatform":
		c.Softphone.VDIPlatform = v
	}
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeFile decodes data strictly into c and records the line of every field in src.
func decodeFile(path string, data []byte, c any, src origins) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return &ValidationError{Problems: []*FieldError{yamlProblem(path, err.Error())}}
	}
	if len(root.Content) == 0 {
		return nil // empty file: defaults
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return &ValidationError{Problems: []*FieldError{{File: path, Line: doc.Line, Reason: "the file must be a YAML mapping of settings (key: value)"}}}
	}
	src[""] = &FieldError{File: path, From: "file"}
	recordLines(doc, "", path, src)

	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			var probs []*FieldError
			for _, m := range te.Errors {
				probs = append(probs, yamlProblem(path, m))
			}
			return &ValidationError{Problems: probs}
		}
		return &ValidationError{Problems: []*FieldError{yamlProblem(path, err.Error())}}
	}
	return nil
}

var notFoundRE = regexp.MustCompile(`field (\S+) not found in type \S+`)

func yamlProblem(path, msg string) *FieldError {
	fe := &FieldError{File: path, Reason: msg}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		fe.Line, _ = strconv.Atoi(m[1])
		fe.Reason = m[2]
	}
	if m := notFoundRE.FindStringSubmatch(fe.Reason); m != nil {
		fe.Field = m[1]
		fe.Reason = "unknown setting (see docs/configuration.md for the list)"
	}
	fe.Reason = strings.Replace(fe.Reason, "cannot unmarshal !!", "wrong type: got !!", 1)
	return fe
}

func recordLines(n *yaml.Node, prefix, path string, src origins) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			name := k.Value
			if prefix != "" {
				name = prefix + "." + k.Value
			}
			src[name] = &FieldError{File: path, Line: k.Line, From: "file"}
			recordLines(v, name, path, src)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			name := fmt.Sprintf("%s[%d]", prefix, i)
			src[name] = &FieldError{File: path, Line: item.Line, From: "file"}
			recordLines(item, name, path, src)
		}
	}
}
