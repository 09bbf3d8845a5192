package vdi_test

import (
	"encoding/json"
	"fmt"

	"github.com/ccpdesk/ccpdesk/internal/vdi"
)

// At start the app detects the environment once, resolves the configured mode against it,
// hands plan.Softphone to initCCP and shows the detection and notes in diagnostics.
func Example() {
	env := vdi.Env{ // vdi.SystemEnv() in the app
		GOOS:   "windows",
		Getenv: func(n string) string { return map[string]string{"SESSIONNAME": "ICA-CGP#2"}[n] },
	}
	det := vdi.Detect(env)
	plan, err := vdi.Resolve(vdi.Request{Mode: "signalling", Softphone: true}, &det)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(plan.Softphone)
	fmt.Println(det.Environment, det.Suggested, det.Evidence[0].Marker)
	fmt.Println(string(b))

	_, err = vdi.ParsePlatform("horizon")
	fmt.Println(err)
	// Output:
	// citrix CITRIX SESSIONNAME=ICA-*
	// {"allowFramedSoftphone":false,"disableRingtone":true,"disableEchoCancellation":false}
	// invalid VDIPlatform: "horizon" (valid: CITRIX, CITRIX_413, AWS_WORKSPACE, OMNISSA, AZURE, or empty for none)
}
