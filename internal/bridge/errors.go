package bridge

import (
	"context"
	"errors"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
)

// Error is what every failed binding call rejects with in the frontend
// (src/bridge/errors.ts): a stable code and a message for people.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Error codes.
const (
	CodeBadRequest         = "bad_request"
	CodeConfigInvalid      = "config_invalid"
	CodeSandboxUnavailable = "sandbox_unavailable"
	CodeSimulator          = "simulator_error"
	CodeTimeout            = "timeout"
	CodeNotAvailable       = "not_available"
	CodeInternal           = "internal"
)

// ErrNotAvailable is returned by bindings that do not apply in the current mode.
var ErrNotAvailable = errors.New("not available in this mode")

// FormatError maps any error to an *Error; it is the app's Wails ErrorFormatter.
func FormatError(err error) any {
	return toError(err)
}

func toError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ce *sandbox.ControlError
	switch {
	case errors.As(err, &ce):
		code := CodeSimulator
		if ce.Status == 400 {
			code = CodeBadRequest
		}
		return &Error{Code: code, Message: err.Error()}
	case errors.Is(err, sandbox.ErrBadRequest), errors.Is(err, sandbox.ErrBadDestination), errors.Is(err, desktop.ErrNoContactID):
		return &Error{Code: CodeBadRequest, Message: err.Error()}
	case errors.Is(err, sandbox.ErrNotRunning):
		return &Error{Code: CodeSandboxUnavailable, Message: err.Error()}
	case errors.Is(err, ErrNotAvailable):
		return &Error{Code: CodeNotAvailable, Message: err.Error()}
	case errors.Is(err, config.ErrInvalid):
		return &Error{Code: CodeConfigInvalid, Message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: CodeTimeout, Message: err.Error()}
	}
	return &Error{Code: CodeInternal, Message: err.Error()}
}
