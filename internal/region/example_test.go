package region_test

import (
	"fmt"

	"github.com/ccpdesk/ccpdesk/internal/region"
)

type printEmitter struct{}

func (printEmitter) Emit(name string, payload any) {
	switch p := payload.(type) {
	case region.Snapshot:
		fmt.Println(name, p.Phase, p.ActiveRegion, p.TargetRegion, len(p.WaitingFor))
	case region.Switch:
		fmt.Println(name, p.From, "→", p.To)
	}
}

// The bridge forwards what the frontend reports from Streams; the UI renders the events.
func Example() {
	tr, err := region.New(region.Options{
		Regions: []region.Endpoint{
			{Region: "us-east-1", CCPURL: "https://example.my.connect.aws/ccp-v2/"},
			{Region: "us-west-2", CCPURL: "https://example-dr.my.connect.aws/ccp-v2/"},
		},
		Emitter: printEmitter{},
	})
	if err != nil {
		panic(err)
	}
	defer tr.Close()
	tr.OnRegionSwitch(func(old, new string) { fmt.Println("reset caches of", old) })

	_ = tr.CCPStarting()
	_ = tr.Initialized("us-east-1")
	_ = tr.ContactsChanged([]region.Contact{{ID: "c-1", Region: "us-east-1", State: "connected"}})
	_ = tr.FailoverDetected("us-west-2")
	_ = tr.FailoverPending("us-west-2", []string{"c-1"})
	_ = tr.ContactsChanged(nil)
	_ = tr.FailoverCompleted("us-west-2", "https://example-dr.my.connect.aws")
	// Output:
	// region:changed active us-east-1  0
	// region:changed failover_detected us-east-1 us-west-2 0
	// region:changed failover_pending us-east-1 us-west-2 1
	// region:changed failover_pending us-east-1 us-west-2 0
	// region:changed failover_completed us-west-2  0
	// region:switched us-east-1 → us-west-2
	// reset caches of us-east-1
}
