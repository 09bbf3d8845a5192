package ccpsim

import (
	"errors"
	"testing"
)

func TestFailSoftphone(t *testing.T) {
	f := newFixture(t)
	var got []Notice
	f.w.Listen(func(n Notice) {
		if n.Kind == NoticeSoftphoneError {
			got = append(got, n)
		}
	})
	e := SoftphoneError{ErrorType: "ice_collection_timeout", Message: "m"}
	if err := f.w.FailSoftphone("agent1", e); !errors.Is(err, ErrConflict) {
		t.Fatalf("no CCP hosts a softphone: got %v, want a conflict", err)
	}
	f.w.MediaPortOpened("agent1", "sig", "us-east-1", "https://vdi.example", false)
	f.w.MediaPortOpened("agent1", "med", "us-west-2", "https://desk.example", true)
	if err := f.w.FailSoftphone("agent1", e); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Region != "us-west-2" || got[0].Data.(softphoneFailure).port != "med" {
		t.Fatalf("notices %+v: want one for the media owner's page in us-west-2", got)
	}
	var fe *FieldError
	if err := f.w.FailSoftphone("agent1", SoftphoneError{ErrorType: "gremlins"}); !errors.As(err, &fe) || fe.Field != "errorType" {
		t.Errorf("unknown type: %v, want a field error on errorType", err)
	}
	if err := f.w.FailSoftphone("nobody", e); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown agent: %v", err)
	}
}
