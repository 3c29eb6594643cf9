// Package api is the account server's HTTP interface: JSON over net/http under /v1, for the
// desktop app. It signs people up and in, and shows an account its plan, balance and ledger,
// the public model price list, and the OpenAPI document that describes all of it.
//
// The package only translates. The rules live in the domain packages (account, ledger,
// plan), and every error they return is turned into one JSON shape by errorFor in
// errors.go, so a client never sees a Go or SQL error.
//
// Every route is a row of the routes table below. Handler registers exactly those rows,
// and openapi_test.go checks the OpenAPI document against the same rows, so the document
// cannot drift from what the server answers.
//
// Files: server.go (wiring, routes, 404/405), middleware.go (logging, panic recovery, body
// limit), auth.go (bearer tokens, own-account check), body.go (JSON in and out), errors.go,
// and one file per endpoint group: accounts.go, balance.go, models.go, openapi*.go.
package api

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/license"
	"stableaudio/backend/plan"
	"stableaudio/backend/upload"
)

// Deps are the services the API serves. Accounts and Ledger are required.
type Deps struct {
	Accounts *account.Service
	Ledger   *ledger.Ledger
	// Plans is the plan file the ledger applies; nil means Ledger.Plans(). Passing a
	// different file would show users a plan the ledger does not grant.
	Plans *plan.File
	// Uploads takes recordings for audio to audio; nil answers the upload route 503.
	Uploads *upload.Service
	// Billing sells plans through Stripe; nil answers the billing routes 503
	// billing_not_configured.
	Billing *billing.Billing
	// Jobs runs cloud generation; nil answers the job routes 503.
	Jobs *jobs.Queue
	// Licenses are the keys the server's certificates verify with.
	Licenses license.Keyring
	// Log receives one line per request and the detail of every internal error; nil
	// discards both.
	Log *slog.Logger
}

// Server answers the /v1 API. Build it with New; it is safe for concurrent use.
type Server struct {
	accounts *account.Service
	ledger   *ledger.Ledger
	plans    *plan.File
	uploads  *upload.Service
	bill     *billing.Billing
	jobs     *jobs.Queue
	licenses license.Keyring
	log      *slog.Logger
	mux      *http.ServeMux
	handler  http.Handler
}

// New returns a server over d. It panics when a required dependency is missing, since
// that is a wiring mistake in the server command rather than something to handle.
func New(d Deps) *Server {
	if d.Accounts == nil || d.Ledger == nil {
		panic("api.New: Deps.Accounts and Deps.Ledger are required")
	}
	if d.Plans == nil {
		d.Plans = d.Ledger.Plans()
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{accounts: d.Accounts, ledger: d.Ledger, plans: d.Plans, uploads: d.Uploads, bill: d.Billing, jobs: d.Jobs, licenses: d.Licenses, log: d.Log, mux: http.NewServeMux()}
	for _, rt := range routes {
		limit := int64(MaxBodyBytes)
		if rt.body > 0 {
			limit = rt.body
		}
		s.mux.Handle(rt.pattern(), limitBody(limit, s.endpoint(rt)))
	}
	// Logging is outermost so it records the 500 that recovery writes for a panic.
	s.handler = s.logRequests(s.recoverPanics(http.HandlerFunc(s.dispatch)))
	return s
}

// Handler returns the root handler. Mount it at "/" of an http.Server; it serves /v1 only
// and answers everything else with a JSON 404.
func (s *Server) Handler() http.Handler { return s.handler }

// access says who may call a route.
type access int

const (
	public     access = iota // anyone
	signedIn                 // a valid session
	ownAccount               // a valid session whose account is the path's {id}, or "me"
)

// A route is one operation: the mux registers it, and the OpenAPI test compares the
// document with it.
type route struct {
	method string // "GET", "POST", "DELETE"
	path   string // ServeMux path, also the OpenAPI path: "/v1/accounts/{id}"
	access access
	handle func(s *Server, w http.ResponseWriter, r *http.Request) error
	body   int64 // the largest body taken, bytes; 0 = MaxBodyBytes (JSON)
}

func (rt route) pattern() string { return rt.method + " " + rt.path }

// routes is the whole API. Add a route here, then describe it in openapi.go; the test
// fails until both agree.
var routes = []route{
	{"POST", "/v1/accounts", public, (*Server).signUp, 0},
	{"POST", "/v1/sessions", public, (*Server).signIn, 0},
	{"DELETE", "/v1/sessions/current", signedIn, (*Server).signOut, 0},
	{"GET", "/v1/accounts/{id}", ownAccount, (*Server).getAccount, 0},
	{"POST", "/v1/accounts/{id}/password", ownAccount, (*Server).changePassword, 0},
	{"GET", "/v1/accounts/{id}/plan", ownAccount, (*Server).getPlan, 0},
	{"GET", "/v1/accounts/{id}/balance", ownAccount, (*Server).getBalance, 0},
	{"GET", "/v1/accounts/{id}/ledger", ownAccount, (*Server).getLedger, 0},
	{"POST", "/v1/accounts/{id}/uploads", ownAccount, (*Server).postUpload, upload.DefaultMaxBytes},
	{"GET", "/v1/accounts/{id}/billing", ownAccount, (*Server).getBilling, 0},
	{"POST", "/v1/accounts/{id}/billing/checkout", ownAccount, (*Server).postCheckout, 0},
	{"POST", "/v1/accounts/{id}/billing/portal", ownAccount, (*Server).postPortal, 0},
	{"GET", "/v1/accounts/{id}/billing/upgrade", ownAccount, (*Server).getUpgradePreview, 0},
	{"POST", "/v1/accounts/{id}/billing/upgrade", ownAccount, (*Server).postUpgrade, 0},
	{"POST", "/v1/accounts/{id}/billing/downgrade", ownAccount, (*Server).postDowngrade, 0},
	{"POST", "/v1/accounts/{id}/billing/cancel", ownAccount, (*Server).postCancel, 0},
	{"POST", "/v1/accounts/{id}/billing/refunds", ownAccount, (*Server).postRefund, 0},
	{"POST", "/v1/stripe/webhook", public, (*Server).postStripeWebhook, MaxWebhookBytes},
	{"GET", "/v1/billing/return", public, (*Server).getBillingReturn, 0},
	{"POST", "/v1/accounts/{id}/jobs", ownAccount, (*Server).postJob, 0},
	{"GET", "/v1/accounts/{id}/jobs/{job}", ownAccount, (*Server).getJob, 0},
	{"GET", "/v1/accounts/{id}/jobs/{job}/events", ownAccount, (*Server).getJobEvents, 0},
	{"POST", "/v1/accounts/{id}/jobs/{job}/cancel", ownAccount, (*Server).postJobCancel, 0},
	{"GET", "/v1/accounts/{id}/jobs/{job}/results/{n}", ownAccount, (*Server).getJobResult, 0},
	{"GET", "/v1/accounts/{id}/jobs/{job}/results/{n}/license", ownAccount, (*Server).getJobLicense, 0},
	{"GET", "/v1/models", public, (*Server).listModels, 0},
	{"GET", "/v1/openapi.json", public, (*Server).openAPI, 0},
	{"GET", "/v1/health", public, (*Server).health, 0},
}

// endpoint adapts a route's handler: it checks access first and turns a returned error
// into the JSON error response, so handlers just return errors.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.access != public {
			var err error
			if r, err = s.authenticate(r, rt.access == ownAccount); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if err := rt.handle(s, w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// probeMethods are tried to tell a wrong method (405) from an unknown path (404).
var probeMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// dispatch hands matched requests to the mux and answers the rest in JSON. ServeMux's own
// 404 and 405 are plain text, and a catch-all "/" route would swallow its 405s, so the
// mux is asked first whether anything matches, then which methods would.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.mux.Handler(r)
	if pattern != "" {
		infoFrom(r).route = pattern
		s.mux.ServeHTTP(w, r)
		return
	}
	var allowed []string
	for _, m := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) == 0 {
		s.fail(w, r, errRouteNotFound)
		return
	}
	if slices.Contains(allowed, "GET") {
		allowed = append(allowed, "HEAD")
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	s.fail(w, r, errMethodNotAllowed(r.Method, allowed))
}
