package logs

import "testing"

// Lines as Streams and ccpdesk write them: mostly no customer data, some numbers that
// are not phone numbers, a few phone numbers.
var benchTexts = []string{
	"AWSClient: --> Calling operation 'getAgentSnapshot'",
	"AWSClient: <-- Operation 'getAgentSnapshot' succeeded.",
	"GET_AGENT_SNAPSHOT succeeded.",
	"[GR] Iframe initialization started",
	"Heartbeat response received in 23 ms, seq 4417, at 1795316515755",
	"WebSocket connection established: wss://127.0.0.1:35975/ws?portId=1795316515755-sp74hswvch",
	"arn:aws:connect:us-east-1:123456789012:instance/0a2036d0-0c9f-921d-d10e-2426176340ac/agent/6e1a68c8-008e-b621-a2c1-1d9ca7e0cc14",
	"Softphone session for connection 8cae6e73-7638-0861-2a19-b4821f5452f0 ended after 183442 ms, status 200",
	"Dialing +15555550142 (15555550142)",
	"call back 5555550142 or 555-555-0143",
}

// BenchmarkRedactText: Redactor.Text over typical lines.
func BenchmarkRedactText(b *testing.B) {
	r, _ := NewRedactor(testPseudoKey)
	n := 0
	for b.Loop() {
		for _, s := range benchTexts {
			r.Text(s)
		}
		n += len(benchTexts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkRedactRealStreams: Redactor.Record (text, exception, objects) over a real
// Streams recording.
func BenchmarkRedactRealStreams(b *testing.B) {
	r, _ := NewRedactor(testPseudoKey)
	src := loadRealStreams(b, realStreamsFiles[1])
	recs := make([]Record, len(src))
	n := 0
	for b.Loop() {
		copy(recs, src)
		for i := range recs {
			r.Record(&recs[i])
		}
		n += len(recs)
	}
	reportRecords(b, n)
}
