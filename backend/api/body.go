package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// decodeJSON reads the request body into dst, which must be a pointer to a struct with
// json tags. It is strict on purpose: a field the server does not know is refused rather
// than ignored, so a client typo ("pasword") or a client newer than the server fails
// loudly instead of silently doing less than asked; and the body must be exactly one JSON
// value, so two concatenated requests cannot be half-applied.
func decodeJSON(r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type",
			"send the request body as JSON with the header Content-Type: application/json"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return malformedJSON("the body must hold exactly one JSON object, with nothing after it")
	}
	return nil
}

// bodyError explains a decoding failure. The json package's messages name Go types and
// offsets; these name the JSON field and what to send instead.
func bodyError(err error) error {
	var (
		tooLarge  *http.MaxBytesError
		syntax    *json.SyntaxError
		wrongType *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooLarge):
		return err
	case errors.Is(err, io.EOF):
		return malformedJSON("the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformedJSON("the request body is cut short; send a complete JSON object")
	case errors.As(err, &syntax):
		return malformedJSON("the request body is not valid JSON (at byte %d): %v", syntax.Offset, err)
	case errors.As(err, &wrongType):
		if wrongType.Field == "" {
			return invalidRequest("the request body must be a JSON object")
		}
		return invalidRequest("field %q must be a JSON %s", wrongType.Field, jsonKind(wrongType.Type.Kind().String()))
	}
	// DisallowUnknownFields reports an unknown field only as text, with no error type.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return invalidRequest("unknown field %s; check the spelling against /v1/openapi.json", field)
	}
	return malformedJSON("the request body could not be read as JSON")
}

func jsonKind(goKind string) string {
	switch {
	case goKind == "string":
		return "string"
	case goKind == "bool":
		return "boolean"
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"), strings.HasPrefix(goKind, "float"):
		return "number"
	case goKind == "slice" || goKind == "array":
		return "array"
	}
	return "object"
}

// writeJSON answers v as JSON with the status. Account data must not be kept by shared
// caches, so every answer says no-store; the few public documents are cheap to serve.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only a programming error (a channel or a NaN in a response) gets here.
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"` + internalMessage + `"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// utc is how every time leaves the API: RFC 3339 in UTC, whatever zone the domain used.
func utc(t time.Time) time.Time { return t.UTC() }

// queryInt reads an optional whole-number query parameter within [lo, hi].
func queryInt(r *http.Request, name string, def, lo, hi int64) (int64, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, invalidRequest("query parameter %q must be a whole number from %d to %d", name, lo, hi)
	}
	return n, nil
}
