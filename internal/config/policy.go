package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
)

// PolicyFileName is the name of the machine-wide policy file inside PolicyDir().
const PolicyFileName = "policy.yaml"

// Layer names where a value came from, lowest first.
type Layer string

const (
	LayerDefault Layer = "default"
	LayerPolicy  Layer = "policy"
	LayerUser    Layer = "user file"
	LayerEnv     Layer = "env"
	LayerFlag    Layer = "flag"
)

// ValueSource is where one effective value came from.
type ValueSource struct {
	Layer Layer `json:"layer"`
	// Where is "path:line" for files, the variable name for env, "--flag" for flags.
	Where string `json:"where,omitempty"`
}

func (o ValueSource) String() string {
	if o.Where == "" {
		return string(o.Layer)
	}
	return string(o.Layer) + " " + o.Where
}

// LockViolation is an attempt to change a setting the policy locks. The policy's value
// is kept; the attempt is reported at start (stderr, log) and by doctor.
type LockViolation struct {
	Key string `json:"key"`
	// LockedAt is the policy file and line of the entry in `locked`.
	LockedAt string `json:"lockedAt"`
	// By is what tried to change it: "user file PATH:LINE", "env NAME", "flag --name".
	By string `json:"by"`
}

func (v LockViolation) String() string {
	return fmt.Sprintf("%s is locked by policy (%s): the value from %s was ignored", v.Key, v.LockedAt, v.By)
}

// Layers records, for one Load, the policy file, the locked keys, the origin of every
// setting and the refused attempts to change locked ones.
type Layers struct {
	// Policy is the policy file that was read ("" if there was none).
	Policy string
	// PolicyPath is where the policy was looked for.
	PolicyPath string
	// Writable: the current user could change the policy file (doctor warns).
	Writable   bool
	locked     map[string]string // key → "path:line" of its entry in `locked`
	origins    map[string]ValueSource
	Violations []LockViolation
	policyCfg  Config // the configuration after defaults and policy (what locked keys keep)
}

// Locked reports whether key (or its parent, for softphone.*) is locked, and where.
func (l *Layers) Locked(key string) (string, bool) {
	if l == nil {
		return "", false
	}
	for k := key; k != ""; k = parentKey(k) {
		if at, ok := l.locked[k]; ok {
			return at, true
		}
	}
	return "", false
}

// LockedKeys returns the locked keys, sorted.
func (l *Layers) LockedKeys() []string {
	if l == nil {
		return nil
	}
	keys := make([]string, 0, len(l.locked))
	for k := range l.locked {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SourceOf returns where key's effective value came from (default if nothing set it).
// For a parent key (softphone) it is the highest layer among its children.
func (l *Layers) SourceOf(key string) ValueSource {
	if l == nil {
		return ValueSource{Layer: LayerDefault}
	}
	if o, ok := l.origins[key]; ok {
		return o
	}
	return ValueSource{Layer: LayerDefault}
}

// rank orders layers, lowest first.
func (ly Layer) rank() int {
	return slices.Index([]Layer{LayerDefault, LayerPolicy, LayerUser, LayerEnv, LayerFlag}, ly)
}

func parentKey(k string) string {
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		return k[:i]
	}
	return ""
}

// Keys returns every setting name that can appear in a file and be locked: the top-level
// keys and the keys of nested sections (softphone.mode, …), in declaration order.
func Keys() []string {
	var out []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			name := yamlName(t.Field(i))
			if name == "" {
				continue
			}
			out = append(out, prefix+name)
			if ft := t.Field(i).Type; ft.Kind() == reflect.Struct {
				walk(ft, prefix+name+".")
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return out
}

// LeafKeys are Keys without the section names (what doctor lists one per line).
func LeafKeys() []string {
	all := Keys()
	return slices.DeleteFunc(slices.Clone(all), func(k string) bool {
		return slices.ContainsFunc(all, func(o string) bool { return strings.HasPrefix(o, k+".") })
	})
}

func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

// field returns the addressable field of c named by a dotted key, or an invalid Value.
func field(c *Config, key string) reflect.Value {
	v := reflect.ValueOf(c).Elem()
	for part := range strings.SplitSeq(key, ".") {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		t := v.Type()
		found := false
		for i := range t.NumField() {
			if yamlName(t.Field(i)) == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return reflect.Value{}
		}
	}
	return v
}

// Lookup returns the effective value of key ("softphone.mode") for display.
func Lookup(c *Config, key string) (any, bool) {
	v := field(c, key)
	if !v.IsValid() {
		return nil, false
	}
	return v.Interface(), true
}

// DefaultPolicyPath is the machine-wide policy file IT manages:
// Windows %ProgramData%\ccpdesk\policy.yaml, macOS /Library/Application Support/ccpdesk/policy.yaml,
// elsewhere /etc/ccpdesk/policy.yaml.
func DefaultPolicyPath() string {
	switch runtime.GOOS {
	case "windows":
		return programData() + `\ccpdesk\` + PolicyFileName
	case "darwin":
		return "/Library/Application Support/ccpdesk/" + PolicyFileName
	default:
		return "/etc/ccpdesk/" + PolicyFileName
	}
}

// policyDoc is the policy file: the same settings as config.yaml plus `locked`.
type policyDoc struct {
	Config `yaml:",inline"`
	Locked []string `yaml:"locked"`
}

// loadPolicy applies the policy file at path (if it exists) onto c and returns the Layers
// every later layer goes through. A missing file is no policy; an unreadable one is an
// error (IT meant something to apply).
func loadPolicy(path string, c *Config, src origins) (*Layers, error) {
	l := &Layers{PolicyPath: path, locked: map[string]string{}, origins: map[string]ValueSource{}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.policyCfg = *c
		return l, nil
	case err != nil:
		return nil, &ValidationError{Problems: []*FieldError{{File: path, Reason: fmt.Sprintf("cannot read the policy file: %v", unwrapPathErr(err))}}}
	}
	l.Policy = path
	l.Writable = policyWritable(path)
	doc := policyDoc{Config: *c}
	fileSrc := origins{}
	if err := decodeFile(path, data, &doc, fileSrc); err != nil {
		return nil, err
	}
	var probs []*FieldError
	valid := Keys()
	for i, k := range doc.Locked {
		at := fileSrc[fmt.Sprintf("locked[%d]", i)]
		if !slices.Contains(valid, k) {
			fe := &FieldError{File: path, Field: fmt.Sprintf("locked[%d]", i),
				Reason: fmt.Sprintf("%q is not a setting (valid: %s)", k, strings.Join(valid, ", "))}
			if at != nil {
				fe.Line = at.Line
			}
			probs = append(probs, fe)
			continue
		}
		where := path
		if at != nil {
			where = fmt.Sprintf("%s:%d", path, at.Line)
		}
		l.locked[k] = where
	}
	if len(probs) > 0 {
		return nil, &ValidationError{Problems: probs}
	}
	for k := range fileSrc {
		if k == "locked" || strings.HasPrefix(k, "locked[") {
			delete(fileSrc, k)
		}
	}
	*c = doc.Config
	l.merge(fileSrc, src, LayerPolicy)
	l.policyCfg = *c
	return l, nil
}

// userFile applies the per-user file: decoded onto c, then every locked key it touched is
// put back to the policy's value and recorded as a violation.
func (l *Layers) userFile(path string, data []byte, c *Config, src origins) error {
	fileSrc := origins{}
	if err := decodeFile(path, data, c, fileSrc); err != nil {
		return err
	}
	keys := make([]string, 0, len(fileSrc))
	for k := range fileSrc {
		if k != "" && !strings.Contains(k, "[") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys) // parents before children
	var reported []string
	for _, k := range keys {
		at, locked := l.Locked(k)
		if !locked {
			continue
		}
		if slices.ContainsFunc(reported, func(p string) bool { return strings.HasPrefix(k, p+".") }) {
			delete(fileSrc, k)
			continue
		}
		reported = append(reported, k)
		by := fmt.Sprintf("user file %s:%d", path, fileSrc[k].Line)
		l.Violations = append(l.Violations, LockViolation{Key: k, LockedAt: at, By: by})
		if f := field(c, k); f.IsValid() {
			f.Set(field(&l.policyCfg, k))
		}
		for sk := range fileSrc {
			if sk == k || strings.HasPrefix(sk, k+".") || strings.HasPrefix(sk, k+"[") {
				delete(fileSrc, sk)
			}
		}
	}
	l.merge(fileSrc, src, LayerUser)
	return nil
}

// override reports whether an env variable or flag may set key; if the key is locked it
// records the violation and returns false.
func (l *Layers) override(key string, layer Layer, where string) bool {
	if at, locked := l.Locked(key); locked {
		by := string(layer) + " " + where
		l.Violations = append(l.Violations, LockViolation{Key: key, LockedAt: at, By: by})
		return false
	}
	l.origins[key] = ValueSource{Layer: layer, Where: where}
	return true
}

// merge records the keys of one file layer: their origin, and their lines in src (dropping
// stale entries of lower layers under the same key, e.g. list items).
func (l *Layers) merge(fileSrc, src origins, layer Layer) {
	for k, fe := range fileSrc {
		if k == "" {
			continue
		}
		for old := range src {
			// A list replaces the lower layer's list; a mapping keeps its other keys.
			if strings.HasPrefix(old, k+"[") {
				if _, keep := fileSrc[old]; !keep {
					delete(src, old)
				}
			}
		}
		if !strings.Contains(k, "[") {
			l.origins[k] = ValueSource{Layer: layer, Where: fmt.Sprintf("%s:%d", fe.File, fe.Line)}
		}
	}
	for k, fe := range fileSrc {
		if k != "" {
			src[k] = fe
		}
	}
	if f, ok := fileSrc[""]; ok {
		if _, had := src[""]; !had || layer == LayerUser {
			src[""] = f
		}
	}
}
