package ccpsim

import (
	"fmt"
	"slices"
)

// SoftphoneErrorTypes are Streams' SoftphoneErrorTypes (connect-streams.js), the errorType values its
// softphone manager publishes.
var SoftphoneErrorTypes = []string{
	"unsupported_browser", "microphone_not_shared", "signalling_handshake_failure", "signalling_connection_failure",
	"ice_collection_timeout", "user_busy_error", "webrtc_error", "realtime_communication_error",
	"vdi_strategy_not_supported", "vdi_redir_not_supported", "other",
}

// SoftphoneError is a softphone failure to simulate (POST /v1/agents/{username}/softphone-error).
type SoftphoneError struct {
	ErrorType   string `json:"errorType"`
	Message     string `json:"message,omitempty"`
	EndPointURL string `json:"endPointUrl,omitempty"`
}

// softphoneFailure is the NoticeSoftphoneError payload: which CCP page hosts the failing softphone.
type softphoneFailure struct {
	SoftphoneError
	port string
}

// FailSoftphone makes the agent's softphone fail as the CCP page hosting it reports it: Streams' softphone
// manager logs "Softphone error occurred : <type> <message>" and broadcasts agent::softphone_error
// {errorType, errorMessage, endPointUrl} (protocol §8). Only an agent whose media a CCP holds has a
// softphone that can fail (409 otherwise).
func (w *World) FailSoftphone(username string, e SoftphoneError) error {
	if !slices.Contains(SoftphoneErrorTypes, e.ErrorType) {
		return fieldError("errorType", fmt.Sprintf("must be one of %v", SoftphoneErrorTypes))
	}
	return w.do(func() error {
		if w.agents[username] == nil {
			return fmt.Errorf("agent %q: %w", username, ErrNotFound)
		}
		owner := w.mediaOwnerViewLocked(username)
		if owner == nil {
			return fmt.Errorf("agent %q has no softphone (no CCP page hosts one): %w", username, ErrConflict)
		}
		w.notifyLocked(Notice{Agent: username, Kind: NoticeSoftphoneError, Region: owner.Region,
			Data: softphoneFailure{SoftphoneError: e, port: owner.PortID}})
		return nil
	})
}

// softphoneError is what the page hosting the softphone sends when it fails: the softphone logger's line
// (format " %s %s %s" over its three arguments) and the broadcast every parent of the agent receives.
func (c *ccpConn) softphoneError(f softphoneFailure) {
	if c.port == f.port {
		c.log("ERROR", fmt.Sprintf(" %s %s %s", "Softphone error occurred : ", f.ErrorType, f.Message), nil)
	}
	c.send("agent::softphone_error", map[string]any{"errorType": f.ErrorType, "errorMessage": f.Message, "endPointUrl": f.EndPointURL})
}
