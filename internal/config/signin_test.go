package config

import (
	"errors"
	"strings"
	"testing"
)

func TestSignInSettings(t *testing.T) {
	const gr = "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsecondaryCCPUrl: https://b.my.connect.aws/ccp-v2/\nregions: [us-east-1, us-west-2]\nloginUrl: https://acme.okta.com/home/amazon_aws/x/272\n"
	tests := []struct {
		name string
		file string
		want string // "" = valid; else a substring of the problem
		line int
	}{
		{name: "defaults", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\n"},
		{name: "all keys", file: gr + "signIn:\n  identityProviderHosts: [login.example.com, '*.okta.com', 'idp.example.com:8443']\n  autoSignIn: true\n  timeoutSeconds: 600\n  sessionWarningMinutes: 30\n  global: true\n"},
		{name: "url instead of host", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  identityProviderHosts: [https://login.example.com/]\n", want: "not a host name", line: 3},
		{name: "wildcard too broad", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  identityProviderHosts: ['*.com']\n", want: "too broad", line: 3},
		{name: "timeout range", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  timeoutSeconds: 5\n", want: "outside 30..1800", line: 3},
		{name: "warning range", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  sessionWarningMinutes: 0\n", want: "outside 1..120", line: 3},
		{name: "GR needs global sign-in", file: gr + "signIn:\n  global: false\n", want: "Global Resiliency needs global sign-in", line: 6},
		{name: "autoSignIn needs loginUrl", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  autoSignIn: true\n", want: "required with signIn.autoSignIn", line: 3},
		{name: "unknown key", file: "ccpUrl: https://a.my.connect.aws/ccp-v2/\nsignIn:\n  autoSignin: true\n", want: "autoSignin", line: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file)
			c, err := Load(&Overrides{ConfigPath: ptr(path)}, envMap(nil))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if c.SignIn.TimeoutSeconds == 0 || c.SignIn.SessionWarningMinutes == 0 {
					t.Errorf("defaults missing: %+v", c.SignIn)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			for _, p := range ve.Problems {
				if strings.Contains(p.Error(), tt.want) && (tt.line == 0 || p.Line == tt.line) {
					return
				}
			}
			t.Errorf("no problem containing %q at line %d in:\n%v", tt.want, tt.line, err)
		})
	}
}
