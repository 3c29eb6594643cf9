package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runServer(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestMigrateThenAdminCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "server.db")
	if code, out, errs := runServer(t, "migrate", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: exit %d %s %s", code, out, errs)
	}
	// Staff tools work on accounts that signed up through the API.
	signUp(t, db, "ana@example.com")

	code, out, errs := runServer(t, "admin", "grant", "--db", db, "--email", "ANA@example.com", "--credits", "30", "--key", "ticket-17")
	if code != 0 || !strings.Contains(out, "50 credits") {
		t.Fatalf("grant: exit %d %q %q", code, out, errs)
	}
	if code, out, _ := runServer(t, "admin", "grant", "--db", db, "--email", "ana@example.com", "--credits", "30", "--key", "ticket-17"); code != 0 || !strings.Contains(out, "50 credits") {
		t.Fatalf("repeated grant with the same key must add nothing: exit %d %q", code, out)
	}
	code, out, errs = runServer(t, "admin", "set-limits", "--db", db, "--email", "ana@example.com", "--tier", "enterprise", "--credits", "20000", "--upload-seconds", "36000")
	if code != 0 || !strings.Contains(out, "Enterprise: 20000 credits and 36000 upload seconds") {
		t.Fatalf("set-limits: exit %d %q %q", code, out, errs)
	}
	code, out, errs = runServer(t, "admin", "show-account", "--db", db, "--email", "ana@example.com")
	var shown struct {
		Tier    string `json:"tier"`
		Credits int64  `json:"credits"`
		Ledger  []struct {
			Kind   string `json:"kind"`
			Amount int64  `json:"amount"`
		} `json:"ledger"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("show-account: exit %d %q %q", code, out, errs)
	}
	if shown.Tier != "enterprise" || shown.Credits != 20000 || len(shown.Ledger) == 0 || shown.Ledger[0].Kind != "grant" {
		t.Fatalf("show-account printed %+v", shown)
	}

	bad := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"admin", "grant", "--db", db, "--email", "nobody@example.com", "--credits", "5", "--key", "k"}, 1, "account not found"},
		{[]string{"admin", "grant", "--db", db, "--email", "ana@example.com", "--credits", "5"}, 2, "--key"},
		{[]string{"admin", "set-limits", "--db", db, "--email", "ana@example.com", "--tier", "platinum"}, 1, "unknown plan tier"},
		{[]string{"admin", "set-limits", "--db", db, "--email", "ana@example.com", "--credits", "-3"}, 2, "whole number"},
		{[]string{"admin", "show-account", "--db", db}, 2, "--email is required"},
		{[]string{"admin", "explode"}, 2, "usage"},
		{[]string{"serve", "--db", db, "--addr", "not an address"}, 1, "cannot listen"},
		{[]string{"frobnicate"}, 2, "unknown command"},
	}
	for _, tc := range bad {
		code, out, errs := runServer(t, tc.args...)
		if code != tc.code || !strings.Contains(strings.ToLower(out+errs), strings.ToLower(tc.want)) {
			t.Errorf("%v: exit %d, %q %q; want exit %d mentioning %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}

// signUp runs the server briefly and creates an account through the real HTTP API.
func signUp(t *testing.T, db, email string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", addr}, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d after shutdown", code)
		}
	}()
	body := `{"email":"` + email + `","password":"correct horse battery"}`
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Post("http://"+addr+"/v1/accounts", "application/json", strings.NewReader(body))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("sign-up answered %s", resp.Status)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered: %v", err)
		}
		time.Sleep(20 * time.Millisecond) // polling for the listener, bounded by the deadline
	}
}
