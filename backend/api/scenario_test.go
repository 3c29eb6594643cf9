package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"stableaudio/backend/account"
)

// API tests are tables of scenarios, one row per case, the failing ones included. Every
// row runs on a fresh server holding two accounts, alice (signed in twice: tokens "alice"
// and "alice2") and bob; the runner checks the status and error code, and, unless the row
// says changes, that storage is exactly as before the request: not a row of any table
// differs, so a refused request provably did nothing to anyone.

const (
	alicePassword = "correct horse battery staple"
	bobPassword   = "bob's own long passphrase"
	newPassword   = "a brand new passphrase"
)

// The one answer to a failed sign-in and to any account that is not the caller's: equal
// bytes, so the response cannot tell an attacker which emails or ids exist.
const (
	invalidCredentialsBody = `{"error":{"code":"invalid_credentials","message":"wrong email or password"}}` + "\n"
	notFoundBody           = `{"error":{"code":"not_found","message":"not found"}}` + "\n"
)

type fixture struct {
	*testServer
	ids    map[string]string // account name → id
	tokens map[string]string // token name → token
}

func newFixture(t *testing.T) *fixture {
	ts := newTestServer(t)
	alice, aliceToken := ts.signUp("alice@example.com", alicePassword)
	bob, bobToken := ts.signUp("bob@example.com", bobPassword)
	alice2 := ts.signIn("alice@example.com", alicePassword)
	// Well formed, so it reaches the database lookup, but no session has it.
	forged, _, err := account.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{testServer: ts,
		ids:    map[string]string{"alice": alice.ID, "bob": bob.ID},
		tokens: map[string]string{"alice": aliceToken, "alice2": alice2, "bob": bobToken, "forged": forged},
	}
}

// settle applies due allowance periods to every account, as any ledger read does, so the
// snapshot before a request already holds them and a read is not mistaken for a change.
func (f *fixture) settle() {
	f.t.Helper()
	for _, id := range f.ids {
		if _, err := f.ledger.State(context.Background(), id); err != nil {
			f.t.Fatal(err)
		}
	}
}

// expand replaces {alice} and {bob} in a path with the accounts' ids.
func (f *fixture) expand(path string) string {
	for name, id := range f.ids {
		path = strings.ReplaceAll(path, "{"+name+"}", id)
	}
	return path
}

// auth turns a scenario's token into an Authorization header: a token name of the fixture
// becomes "Bearer <token>"; anything else is sent as written.
func (f *fixture) auth(token string) string {
	if tok, ok := f.tokens[token]; ok {
		return "Bearer " + tok
	}
	return token
}

type scenario struct {
	name         string
	setup        func(t *testing.T, f *fixture) // runs before the snapshot
	method, path string                         // path may hold {alice} and {bob}
	token        string                         // see fixture.auth; "" sends no Authorization
	body         string
	contentType  string // see request
	chunked      bool
	wantStatus   int
	wantCode     string // the error code, for failures
	wantBody     string // the exact body, when the bytes themselves matter
	changes      bool   // the request is meant to change storage
	check        func(t *testing.T, f *fixture, res response)
}

func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if sc.setup != nil {
				sc.setup(t, f)
			}
			f.settle()
			before := f.dump()
			if !strings.Contains(before, "ledger_entries") {
				t.Fatalf("the snapshot misses the fixture's rows:\n%s", before)
			}
			res := f.do(request{method: sc.method, path: f.expand(sc.path), auth: f.auth(sc.token),
				body: sc.body, contentType: sc.contentType, chunked: sc.chunked})
			if res.status != sc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", res.status, sc.wantStatus, res.body)
			}
			if res.status >= 400 || sc.wantCode != "" {
				checkError(t, res, sc.wantCode)
			}
			if sc.wantBody != "" && string(res.body) != sc.wantBody {
				t.Errorf("body %s, want %s", res.body, sc.wantBody)
			}
			if !sc.changes {
				if after := f.dump(); after != before {
					t.Errorf("storage changed:\nbefore:\n%s\nafter:\n%s", before, after)
				}
			}
			if sc.check != nil {
				sc.check(t, f, res)
			}
		})
	}
}

// checkError asserts the one error shape: JSON, exactly {"error": {"code", "message"}},
// the wanted code and a message for people.
func checkError(t *testing.T, res response, wantCode string) {
	t.Helper()
	if ct := res.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e errorBody
	decode(t, res, &e)
	if e.Error.Code != wantCode {
		t.Errorf("code %q, want %q (message %q)", e.Error.Code, wantCode, e.Error.Message)
	}
	if e.Error.Message == "" {
		t.Error("empty error message")
	}
	if res.status == http.StatusUnauthorized && res.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
}

// wantAuth checks whether a token of the fixture still authenticates.
func wantAuth(t *testing.T, f *fixture, tokenName string, valid bool) {
	t.Helper()
	res := f.get("/v1/accounts/me", f.tokens[tokenName])
	if got := res.status == http.StatusOK; got != valid {
		t.Errorf("token %s: GET /v1/accounts/me = %d, want valid=%v", tokenName, res.status, valid)
	}
}
