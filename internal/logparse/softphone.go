package logparse

import "strings"

// SoftphoneCause explains a Streams SoftphoneErrorType (src/softphone.js
// publishError) in terms of what to check on the agent's machine and network.
type SoftphoneCause struct {
	Type   string `json:"type"`
	Cause  string `json:"cause"`
	Remedy string `json:"remedy"`
}

// SoftphoneCauses is the table of known softphone errors, most specific first.
var SoftphoneCauses = []SoftphoneCause{
	{"ice_collection_timeout", "no media path found in time: outbound UDP 3478 is blocked or the TURN servers are unreachable",
		"allow outbound UDP 3478 (and TCP 443 fallback) to the Amazon Connect TURN/media ranges for the region; exclude them from VPN/proxy inspection"},
	{"signalling_connection_failure", "the softphone signalling WebSocket (wss, TCP 443) could not be opened",
		"allow outbound TCP 443 to the region's Connect signalling endpoint (the URL in the message); check proxy and TLS inspection"},
	{"signalling_handshake_failure", "the signalling WebSocket opened but the call handshake failed",
		"check that a proxy does not alter WebSocket traffic; check clock skew; retry after re-login"},
	{"microphone_not_shared", "no microphone access: permission denied or no input device",
		"grant ccpdesk microphone access (macOS Privacy & Security > Microphone; Windows Settings > Privacy > Microphone) and connect a headset"},
	{"user_busy_error", "another softphone session is active for this agent (a second CCP window or a stuck session)",
		"close other CCP tabs and windows, then log out and back in"},
	{"realtime_communication_error", "the media connection failed after the call was set up",
		"check network quality and UDP reachability; avoid VPN hairpinning of media"},
	{"webrtc_error", "WebRTC failed inside the browser engine",
		"restart ccpdesk; update the WebView runtime (WebView2 / WebKitGTK) and audio drivers"},
	{"unsupported_browser", "the browser engine lacks WebRTC features the softphone needs",
		"update the WebView runtime (WebView2 on Windows, WebKitGTK on Linux) or use a supported browser"},
	{"vdi_strategy_not_supported", "the configured VDI platform is not supported by this Streams version",
		"fix the VDI platform setting (CITRIX, AWS_WORKSPACE, OMNISSA, AZURE) or turn VDI mode off"},
	{"vdi_redir_not_supported", "VDI media redirection is not available in this session",
		"install/enable the VDI vendor's WebRTC redirection (Citrix HDX, Omnissa, Azure MMR) on the endpoint"},
	{"other", "an unclassified softphone error", "see the message and the surrounding log lines"},
}

// classifySoftphone finds the error type named in a log text or object.
func classifySoftphone(s string) SoftphoneCause {
	for _, c := range SoftphoneCauses[:len(SoftphoneCauses)-1] {
		if strings.Contains(s, c.Type) {
			return c
		}
	}
	return SoftphoneCauses[len(SoftphoneCauses)-1]
}
