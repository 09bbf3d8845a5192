package ccpsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxControlBody bounds a control request; the largest (a contact with attributes) is far smaller.
const maxControlBody = 1 << 20

// controlHandler is the versioned control API (docs/ccpsim.md).
func (s *Server) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/state", func(w http.ResponseWriter, r *http.Request) {
		v := s.world.State()
		for i := range v.Regions {
			v.Regions[i].CCPURL = s.info.CCPURLs[v.Regions[i].Region]
		}
		v.CCPs = s.CCPConnections()
		if v.CCPs == nil {
			v.CCPs = []CCPConnection{}
		}
		writeJSON(w, http.StatusOK, v)
	})
	mux.HandleFunc("GET /v1/info", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.info) })
	mux.HandleFunc("POST /v1/contacts", func(w http.ResponseWriter, r *http.Request) {
		var req NewContact
		if !decodeBody(w, r, &req) {
			return
		}
		id, err := s.world.CreateContact(req)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"contactId": id})
	})
	mux.HandleFunc("POST /v1/contacts/{id}/disconnect", func(w http.ResponseWriter, r *http.Request) {
		writeResult(w, s.world.CustomerDisconnect(r.PathValue("id")))
	})
	mux.HandleFunc("POST /v1/contacts/{id}/answer", func(w http.ResponseWriter, r *http.Request) {
		writeResult(w, s.world.AnswerFarEnd(r.PathValue("id")))
	})
	mux.HandleFunc("POST /v1/agents/{username}/state", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			State string `json:"state"`
		}
		if !decodeBody(w, r, &req) {
			return
		}
		if req.State == "" {
			writeError(w, fieldError("state", "required"))
			return
		}
		writeResult(w, s.world.SetAgentState(r.PathValue("username"), req.State))
	})
	mux.HandleFunc("POST /v1/agents/{username}/session/expire", func(w http.ResponseWriter, r *http.Request) {
		writeResult(w, s.world.ExpireSession(r.PathValue("username")))
	})
	mux.HandleFunc("POST /v1/agents/{username}/softphone-error", func(w http.ResponseWriter, r *http.Request) {
		var req SoftphoneError
		if !decodeBody(w, r, &req) {
			return
		}
		writeResult(w, s.world.FailSoftphone(r.PathValue("username"), req))
	})
	mux.HandleFunc("POST /v1/regions/active", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Region string `json:"region"`
		}
		if !decodeBody(w, r, &req) {
			return
		}
		if req.Region == "" {
			writeError(w, fieldError("region", "required"))
			return
		}
		writeResult(w, s.world.SetActiveRegion(req.Region))
	})
	mux.HandleFunc("GET /v1/requests", func(w http.ResponseWriter, r *http.Request) {
		since := int64(0)
		if v := r.URL.Query().Get("since"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				writeError(w, fieldError("since", "must be a non-negative integer"))
				return
			}
			since = n
		}
		writeJSON(w, http.StatusOK, map[string]any{"requests": s.world.Requests(since)})
	})
	mux.HandleFunc("POST /v1/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !decodeBody(w, r, &f) {
			return
		}
		id, err := s.world.AddFault(f)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": id})
	})
	mux.HandleFunc("GET /v1/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"faults": s.world.Faults()})
	})
	mux.HandleFunc("DELETE /v1/faults", func(w http.ResponseWriter, r *http.Request) {
		s.world.ClearFaults()
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	mux.HandleFunc("POST /v1/reset", func(w http.ResponseWriter, r *http.Request) {
		s.world.Reset()
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiErrorBody("not_found", "no such endpoint: "+r.Method+" "+r.URL.Path, ""))
	})
	return mux
}

// decodeBody reads a bounded JSON body into v, rejecting unknown fields; it answers 400 itself on error.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	err := decodeStrict(http.MaxBytesReader(w, r.Body, maxControlBody), v)
	if err != nil {
		writeError(w, err)
		return false
	}
	return true
}

// decodeStrict decodes exactly one JSON value with no unknown fields, turning decoder errors into
// FieldErrors that name the field.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &te):
			return fieldError(te.Field, fmt.Sprintf("must be a %s, got %s", te.Type, te.Value))
		case errors.As(err, &mbe):
			return fieldError("body", fmt.Sprintf("larger than %d bytes", mbe.Limit))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fieldError(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown field")
		case errors.Is(err, io.EOF):
			return fieldError("body", "a JSON object is required")
		}
		return fieldError("body", "malformed JSON: "+err.Error())
	}
	if dec.More() {
		return fieldError("body", "trailing data after the JSON object")
	}
	return nil
}

func apiErrorBody(code, msg, field string) map[string]any {
	e := map[string]any{"code": code, "message": msg}
	if field != "" {
		e["field"] = field
	}
	return map[string]any{"error": e}
}

func writeError(w http.ResponseWriter, err error) {
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		writeJSON(w, http.StatusBadRequest, apiErrorBody("bad_request", fe.Error(), fe.Field))
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, apiErrorBody("not_found", err.Error(), ""))
	case errors.Is(err, ErrConflict):
		writeJSON(w, http.StatusConflict, apiErrorBody("conflict", err.Error(), ""))
	default:
		writeJSON(w, http.StatusInternalServerError, apiErrorBody("internal", err.Error(), ""))
	}
}

func writeResult(w http.ResponseWriter, err error) {
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
