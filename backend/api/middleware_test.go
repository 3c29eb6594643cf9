package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/ledger"
)

func TestUnknownRoutesAndMethods(t *testing.T) {
	ts := newTestServer(t)
	for _, tc := range []struct {
		name, method, path string
		wantStatus         int
		wantCode           string
		wantAllow          string
	}{
		{"unknown path", "GET", "/v1/nothing", 404, "not_found", ""},
		{"root", "GET", "/", 404, "not_found", ""},
		{"unversioned", "GET", "/health", 404, "not_found", ""},
		{"trailing slash", "GET", "/v1/health/", 404, "not_found", ""},
		{"wrong method on a public route", "PUT", "/v1/health", 405, "method_not_allowed", "GET, HEAD"},
		{"wrong method on sign-up", "GET", "/v1/accounts", 405, "method_not_allowed", "POST"},
		{"wrong method on an account", "DELETE", "/v1/accounts/me", 405, "method_not_allowed", "GET, HEAD"},
		{"wrong method on sessions", "PATCH", "/v1/sessions/current", 405, "method_not_allowed", "DELETE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := ts.do(request{method: tc.method, path: tc.path})
			if res.status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", res.status, tc.wantStatus, res.body)
			}
			checkError(t, res, tc.wantCode)
			if got := res.header.Get("Allow"); got != tc.wantAllow {
				t.Errorf("Allow %q, want %q", got, tc.wantAllow)
			}
		})
	}
}

func TestPanicAnswers500(t *testing.T) {
	ts := newTestServer(t)
	h := ts.api.logRequests(ts.api.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom: the handler broke")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/health", nil))
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if res.status != http.StatusInternalServerError {
		t.Fatalf("status %d", res.status)
	}
	checkError(t, res, "internal")
	if strings.Contains(string(res.body), "boom") {
		t.Errorf("the panic leaks to the client: %s", res.body)
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "boom: the handler broke") || !strings.Contains(logs, "status=500") {
		t.Errorf("panic not logged:\n%s", logs)
	}
}

func TestPanicAfterWritingAborts(t *testing.T) {
	ts := newTestServer(t)
	h := ts.api.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		panic("late")
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1/health", nil))
}

// A database failure is logged with its detail and answered with a generic message.
func TestInternalErrorsStayPrivate(t *testing.T) {
	f := newFixture(t)
	f.db.Close()
	res := f.get("/v1/accounts/me/balance", f.tokens["alice"])
	if res.status != http.StatusInternalServerError {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	checkError(t, res, "internal")
	if body := strings.ToLower(string(res.body)); strings.Contains(body, "sql") || strings.Contains(body, "database") ||
		!strings.Contains(body, internalMessage) {
		t.Errorf("body %s", res.body)
	}
	if logs := f.logs.String(); !strings.Contains(logs, "sql: database is closed") {
		t.Errorf("the detail is not logged:\n%s", logs)
	}
}

// The request log names the route and the account, and never a password or a token.
func TestRequestLog(t *testing.T) {
	f := newFixture(t)
	f.get("/v1/accounts/"+f.ids["bob"], f.tokens["bob"])
	logs := f.logs.String()
	for _, want := range []string{`route="GET /v1/accounts/{id}"`, "status=200", "account=" + f.ids["bob"], `route="POST /v1/accounts"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{alicePassword, bobPassword, f.tokens["alice"], f.tokens["bob"]} {
		if strings.Contains(logs, secret) {
			t.Errorf("log holds a secret %q", secret)
		}
	}
}

func TestErrorFor(t *testing.T) {
	for _, tc := range []struct {
		err          error
		status       int
		code         string
		messageHas   string // "" = the message must be exactly message
		message      string
		notInMessage string
	}{
		{fmt.Errorf("store: create: %w", account.ErrEmailTaken), 409, "email_taken", "", account.ErrEmailTaken.Error(), "store"},
		{fmt.Errorf("%w: use at least 10 characters", account.ErrWeakPassword), 422, "weak_password", "at least 10", "", ""},
		{fmt.Errorf("%w: \"x\" should look like name@example.com", account.ErrBadEmail), 422, "bad_email", "name@example.com", "", ""},
		{fmt.Errorf("%w: acc_123", account.ErrNotFound), 404, "not_found", "", notFoundMessage, "acc_123"},
		{ledger.ErrNotFound, 404, "not_found", "", notFoundMessage, ""},
		{account.ErrInvalidCredentials, 401, "invalid_credentials", "", account.ErrInvalidCredentials.Error(), ""},
		{account.ErrUnauthenticated, 401, "unauthenticated", "", account.ErrUnauthenticated.Error(), ""},
		{&account.RateLimitError{Wait: time.Minute}, 429, "rate_limited", "", account.ErrRateLimited.Error(), ""},
		{fmt.Errorf("%w: 2 needed, 1 left", ledger.ErrInsufficientCredits), 402, "insufficient_credits", "2 needed", "", ""},
		{ledger.ErrInsufficientUploadSeconds, 402, "insufficient_upload_seconds", "upload", "", ""},
		{fmt.Errorf("%w (it was a debit)", ledger.ErrKeyReused), 409, "key_reused", "idempotency key", "", ""},
		{&http.MaxBytesError{Limit: MaxBodyBytes}, 413, "body_too_large", "65536 bytes", "", ""},
		{fmt.Errorf("decode: %w", &http.MaxBytesError{Limit: 10}), 413, "body_too_large", "10 bytes", "", ""},
		{invalidRequest("field %q", "x"), 400, "invalid_request", "", `field "x"`, ""},
		{errors.New(`pq: relation "accounts" does not exist`), 500, "internal", "", internalMessage, "relation"},
		{fmt.Errorf("store: begin: %w", context.DeadlineExceeded), 503, "unavailable", "", "", "store"},
		{account.ErrMalformedHash, 500, "internal", "", internalMessage, "hash"},
	} {
		status, code, message := errorFor(tc.err)
		if status != tc.status || code != tc.code {
			t.Errorf("errorFor(%v) = %d %s, want %d %s", tc.err, status, code, tc.status, tc.code)
		}
		if tc.message != "" && message != tc.message {
			t.Errorf("errorFor(%v) message %q, want %q", tc.err, message, tc.message)
		}
		if !strings.Contains(message, tc.messageHas) || (tc.notInMessage != "" && strings.Contains(message, tc.notInMessage)) {
			t.Errorf("errorFor(%v) message %q", tc.err, message)
		}
	}
}
