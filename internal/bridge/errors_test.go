package bridge

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ccpdesk/ccpdesk/internal/config"
	"github.com/ccpdesk/ccpdesk/internal/desktop"
	"github.com/ccpdesk/ccpdesk/internal/sandbox"
)

func TestFormatError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"coded passes through", &Error{Code: "x", Message: "y"}, "x"},
		{"wrapped coded", fmt.Errorf("ctx: %w", &Error{Code: "x"}), "x"},
		{"control 400", &sandbox.ControlError{Status: 400, Code: "bad_request"}, CodeBadRequest},
		{"control 409", fmt.Errorf("w: %w", &sandbox.ControlError{Status: 409, Code: "conflict"}), CodeSimulator},
		{"bad request", fmt.Errorf("w: %w", sandbox.ErrBadRequest), CodeBadRequest},
		{"bad destination", sandbox.ErrBadDestination, CodeBadRequest},
		{"no contact id", desktop.ErrNoContactID, CodeBadRequest},
		{"not running", fmt.Errorf("w: %w", sandbox.ErrNotRunning), CodeSandboxUnavailable},
		{"not available", ErrNotAvailable, CodeNotAvailable},
		{"config", &config.ValidationError{}, CodeConfigInvalid},
		{"deadline", fmt.Errorf("call: %w", context.DeadlineExceeded), CodeTimeout},
		{"other", errors.New("boom"), CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FormatError(tt.err).(*Error)
			if !ok {
				t.Fatalf("FormatError returned %T", FormatError(tt.err))
			}
			if got.Code != tt.want {
				t.Errorf("code = %q, want %q", got.Code, tt.want)
			}
			if got.Message == "" && tt.want != "x" {
				t.Errorf("empty message")
			}
		})
	}
	if toError(nil) != nil {
		t.Errorf("toError(nil) != nil")
	}
}
