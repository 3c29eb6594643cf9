package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// MaxBodyBytes bounds every request body. The largest legitimate body is a sign-up with a
// 256-byte password; 64 KiB leaves room for future endpoints while keeping a flood of
// large bodies from costing memory or JSON-parsing time.
const MaxBodyBytes = 64 << 10

// requestInfo is filled in as a request passes through the layers and read by the request
// log at the end: the matched route (a pattern, so logs group by endpoint rather than by
// account id) and the caller's account once authenticated.
type requestInfo struct {
	// configured marks a 5xx the server answers by configuration (billing without a
	// Stripe key), not a fault: logged as information, not as an error.
	configured bool
	route      string
	accountID  string
}

type infoKey struct{}

// infoFrom returns the request's info; a request that did not come through logRequests
// (a handler called directly in a test) gets a throw-away one.
func infoFrom(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// statusWriter remembers the status and size of a response for the log, and whether
// anything was written, so panic recovery knows if it can still answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request. It logs the route pattern and never the
// headers or body: those carry tokens and passwords.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := slog.LevelInfo
		if sw.status >= 500 && !info.configured {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("route", info.route),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)),
			slog.String("account", info.accountID),
		)
	})
}

// recoverPanics turns a panicking handler into a logged 500 in the error shape, instead
// of net/http's dropped connection, so the desktop app can show "try again" rather than a
// network error. http.ErrAbortHandler is a deliberate abort and is passed on.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw, ok := w.(*statusWriter)
		if !ok {
			sw = &statusWriter{ResponseWriter: w}
		}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, isErr := v.(error); isErr && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if sw.status != 0 {
				// Part of a response is out; a 500 now would corrupt it. Abort so the client
				// sees a broken response rather than a truncated success.
				panic(http.ErrAbortHandler)
			}
			writeJSON(sw, http.StatusInternalServerError, errorBody{errorDetail{"internal", internalMessage}})
		}()
		next.ServeHTTP(sw, r)
	})
}

// limitBody caps request bodies at limit. A declared length over the cap is refused
// before anything is read; a chunked body is cut off by MaxBytesReader, whose error the
// handler reports as 413.
func limitBody(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			err := &http.MaxBytesError{Limit: limit}
			status, code, message := errorFor(err)
			writeJSON(w, status, errorBody{errorDetail{code, message}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}
