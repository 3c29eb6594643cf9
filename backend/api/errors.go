package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/upload"
)

// errorBody is the one error shape every failure is answered with:
// {"error": {"code": "...", "message": "..."}}. Clients branch on code, which never changes
// once published; message is for people and may be reworded.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// apiError is a failure the API itself detects (a bad body, a bad query parameter), as
// opposed to a domain sentinel; its message is written for the client as it is.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func invalidRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "invalid_request", fmt.Sprintf(format, args...)}
}

func malformedJSON(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "malformed_json", fmt.Sprintf(format, args...)}
}

var errRouteNotFound = &apiError{http.StatusNotFound, "not_found", "no such endpoint; see /v1/openapi.json for the API"}

func errMethodNotAllowed(method string, allowed []string) error {
	return &apiError{http.StatusMethodNotAllowed, "method_not_allowed",
		fmt.Sprintf("%s is not allowed here; use %s", method, strings.Join(allowed, " or "))}
}

// A sentinelMapping turns one domain sentinel into a response. An empty message means
// the domain's wrapped message is written for users (it says what to fix: "use at least 10
// characters") and is sent as it is; otherwise the fixed message is sent, so nothing
// internal can leak through a wrapped detail.
type sentinelMapping struct {
	err     error
	status  int
	code    string
	message string
}

// sentinels is checked in order with errors.Is. Invalid input that parsed as JSON
// (bad_email, weak_password, bad_amount, unknown_model) is 422: the request was well formed
// but its content breaks a rule, which the client shows next to the field; 400 is kept for
// requests the client code built wrong (malformed JSON, unknown fields, bad parameters).
var sentinels = []sentinelMapping{
	{account.ErrBadEmail, 422, "bad_email", ""},
	{account.ErrWeakPassword, 422, "weak_password", ""},
	{account.ErrEmailTaken, 409, "email_taken", account.ErrEmailTaken.Error()},
	{account.ErrInvalidCredentials, 401, "invalid_credentials", account.ErrInvalidCredentials.Error()},
	{account.ErrUnauthenticated, 401, "unauthenticated", account.ErrUnauthenticated.Error()},
	{account.ErrRateLimited, 429, "rate_limited", account.ErrRateLimited.Error()},
	// One message for both packages' not-found, and for another account's id: a caller
	// must not learn whether an id exists.
	{account.ErrNotFound, 404, "not_found", notFoundMessage},
	{ledger.ErrNotFound, 404, "not_found", notFoundMessage},
	{ledger.ErrInsufficientCredits, 402, "insufficient_credits", ""},
	{ledger.ErrInsufficientUploadSeconds, 402, "insufficient_upload_seconds", ""},
	{upload.ErrTooLarge, 413, "body_too_large", ""},
	{upload.ErrBadUpload, 422, "bad_upload", ""},
	{ledger.ErrKeyReused, 409, "key_reused", ""},
	{ledger.ErrBadAmount, 422, "bad_amount", ""},
	{plan.ErrUnknownModel, 422, "unknown_model", ""},
	{plan.ErrUnknownTier, 422, "unknown_tier", ""},
	{billing.ErrNotConfigured, 503, "billing_not_configured", "billing is not configured on this server; plans cannot be bought or changed here"},
	{billing.ErrBadSignature, 400, "bad_signature", "the Stripe-Signature header is missing, wrong or too old"},
	{billing.ErrBadRequest, 400, "invalid_request", ""},
	{billing.ErrNoSubscription, 409, "no_subscription", billing.ErrNoSubscription.Error()},
	{billing.ErrAlreadySubscribed, 409, "already_subscribed", billing.ErrAlreadySubscribed.Error()},
	{billing.ErrNothingToRefund, 409, "nothing_to_refund", ""},
	{billing.ErrBadPlanChange, 422, "bad_plan_change", ""},
	{billing.ErrPaymentFailed, 402, "payment_failed", ""},
	{jobs.ErrBadRequest, 422, "bad_job", ""},
	{jobs.ErrNotFound, 404, "not_found", notFoundMessage},
	{jobs.ErrFinished, 409, "job_finished", ""},
	{billing.ErrStripe, 502, "payment_provider", "the payment provider could not be reached; try again in a moment"},
}

// Codes the API answers besides the sentinels'; the OpenAPI document lists them all.
var apiCodes = []string{"invalid_request", "malformed_json", "body_too_large", "unsupported_media_type",
	"method_not_allowed", "unavailable", "internal", "no_encoder"}

const (
	internalMessage = "something went wrong on our side; try again later"
	notFoundMessage = "not found"
)

// errorFor is the one place an error becomes a status, a code and a message. Anything it
// does not recognise is internal: the detail is logged by fail, never sent.
func errorFor(err error) (status int, code, message string) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status, ae.code, ae.message
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge, "body_too_large",
			fmt.Sprintf("the request body is larger than %d bytes", tooLarge.Limit)
	}
	for _, m := range sentinels {
		if errors.Is(err, m.err) {
			if m.message == "" {
				return m.status, m.code, err.Error()
			}
			return m.status, m.code, m.message
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return http.StatusServiceUnavailable, "unavailable", "the server is busy; try again in a moment"
	}
	return http.StatusInternalServerError, "internal", internalMessage
}

// fail answers err in the error shape. Server-side failures are logged with their detail;
// client mistakes are not, as they are routine and the request log already counts them.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, code, message := errorFor(err)
	if errors.Is(err, billing.ErrNotConfigured) {
		infoFrom(r).configured = true
	} else if status >= 500 && !errors.Is(err, context.Canceled) {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var ra *account.RateLimitError
	if errors.As(err, &ra) {
		// Whole seconds rounded up, and at least 1, so a client that waits exactly this long
		// is not refused again.
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(ra.Wait.Seconds())))))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="stableaudio"`)
	}
	writeJSON(w, status, errorBody{errorDetail{code, message}})
}
