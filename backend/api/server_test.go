package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
)

// start is the test clock's first reading: mid-month, so the Free period is
// [1 Mar, 1 Apr) and a 30-day session ends in April.
var start = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// clock is the settable clock the account service and the ledger share.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// syncBuffer collects the server's log lines; handlers write from their own goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// testServer is the API on a real SQLite store, served over a real listener.
type testServer struct {
	t        *testing.T
	api      *Server
	http     *httptest.Server
	db       *store.DB
	raw      *sql.DB // a second connection, for snapshots of every table
	accounts *account.Service
	ledger   *ledger.Ledger
	clock    *clock
	logs     *syncBuffer
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "server.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })

	c := &clock{now: start}
	// The sign-in limits keep their own clock; sharing the test clock lets a scenario wait
	// out the window without sleeping.
	limits := account.NewSignInLimits()
	accounts, err := account.NewService(db.AccountTx(), account.Hasher{Params: account.TestParams}, limits, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	led := ledger.New(db.LedgerTx(), plan.Default(), c.Now)
	logs := &syncBuffer{}
	api := New(Deps{Accounts: accounts, Ledger: led, Plans: plan.Default(),
		Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	return &testServer{t: t, api: api, http: srv, db: db, raw: raw, accounts: accounts, ledger: led, clock: c, logs: logs}
}

// response is a finished exchange with the body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// request describes one call; body "" sends none. contentType "" means application/json
// when there is a body; "none" leaves the header out. chunked sends the body without a
// Content-Length, as a streaming client would.
type request struct {
	method, path string
	auth         string // the whole Authorization header value; "" sends none
	body         string
	contentType  string
	chunked      bool
}

func (ts *testServer) do(rq request) response {
	ts.t.Helper()
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
		if rq.chunked {
			body = io.MultiReader(body) // hides the length from net/http
		}
	}
	req, err := http.NewRequest(rq.method, ts.http.URL+rq.path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	switch {
	case rq.contentType == "none":
	case rq.contentType != "":
		req.Header.Set("Content-Type", rq.contentType)
	case rq.body != "":
		req.Header.Set("Content-Type", "application/json")
	}
	if rq.auth != "" {
		req.Header.Set("Authorization", rq.auth)
	}
	res, err := ts.http.Client().Do(req)
	if err != nil {
		ts.t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// get is do for a GET with a bearer token ("" = none).
func (ts *testServer) get(path, token string) response {
	ts.t.Helper()
	return ts.do(request{method: "GET", path: path, auth: bearer(token)})
}

func bearer(token string) string {
	if token == "" {
		return ""
	}
	return "Bearer " + token
}

// decode reads a JSON response body strictly into v, so a field the test does not expect
// fails the test.
func decode(t *testing.T, res response, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s into %T: %v", res.body, v, err)
	}
}

// signUp creates an account through the API and returns it with its token.
func (ts *testServer) signUp(email, password string) (accountJSON, string) {
	ts.t.Helper()
	res := ts.do(request{method: "POST", path: "/v1/accounts", body: credentialsBody(email, password)})
	if res.status != http.StatusCreated {
		ts.t.Fatalf("sign up %s: %d %s", email, res.status, res.body)
	}
	var s session
	decode(ts.t, res, &s)
	return s.Account, s.Token
}

// signIn signs in through the API and returns the token.
func (ts *testServer) signIn(email, password string) string {
	ts.t.Helper()
	res := ts.do(request{method: "POST", path: "/v1/sessions", body: credentialsBody(email, password)})
	if res.status != http.StatusOK {
		ts.t.Fatalf("sign in %s: %d %s", email, res.status, res.body)
	}
	var s session
	decode(ts.t, res, &s)
	return s.Token
}

func credentialsBody(email, password string) string {
	b, _ := json.Marshal(credentials{Email: email, Password: password})
	return string(b)
}

func passwordBody(current, next string) string {
	b, _ := json.Marshal(passwordChange{CurrentPassword: current, NewPassword: next})
	return string(b)
}

// dump is every row of every table, in a stable order: two equal dumps mean the request in
// between changed nothing in storage.
func (ts *testServer) dump() string {
	ts.t.Helper()
	var out strings.Builder
	for _, table := range []struct{ name, order string }{
		{"accounts", "id"}, {"sessions", "token_hash"}, {"ledger_entries", "seq"},
	} {
		rows, err := ts.raw.Query("SELECT * FROM " + table.name + " ORDER BY " + table.order)
		if err != nil {
			ts.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				ts.t.Fatal(err)
			}
			out.WriteString(table.name)
			for _, v := range vals {
				b, _ := json.Marshal(v)
				out.Write(append([]byte(" "), b...))
			}
			out.WriteByte('\n')
		}
		if err := rows.Close(); err != nil {
			ts.t.Fatal(err)
		}
	}
	return out.String()
}
