package server_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/server"
)

// Subscribing over HTTP: the app gets a Checkout link, Stripe's events reach the webhook;
// a forged one is answered 400 and changes nothing, the genuine ones make the account Pro.
func TestSubscribingOverHTTP(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fake := stripefake.New(time.Now)
	t.Cleanup(fake.Close)
	srv, err := server.Open(ctx, server.Config{Database: filepath.Join(dir, "server.db"),
		Hasher:  account.Hasher{Params: account.TestParams},
		Billing: billing.Config{SecretKey: "sk_test_x", WebhookSecret: "whsec_x", APIURL: fake.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Billing.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	base := "http://" + ln.Addr().String()

	var session struct{ Token string }
	call(t, "POST", base+"/v1/accounts", "", "application/json",
		strings.NewReader(`{"email":"buyer@example.com","password":"a long passphrase"}`), 201, &session)
	var link struct{ URL string }
	r, _ := http.NewRequest("POST", base+"/v1/accounts/me/billing/checkout", strings.NewReader(`{"tier":"pro"}`))
	r.Header.Set("Authorization", "Bearer "+session.Token)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Idempotency-Key", "checkout-1")
	do(t, r, 200, &link)
	if _, err := fake.CompleteCheckout(link.URL); err != nil {
		t.Fatal(err)
	}
	deliver := func(ev stripefake.Event, secret string, want int) {
		t.Helper()
		r, _ := http.NewRequest("POST", base+"/v1/stripe/webhook", strings.NewReader(string(ev.Payload)))
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
		r.Header.Set("Stripe-Signature", stripefake.Sign(ev.Payload, secret, time.Now()))
		var answer struct{ Error struct{ Code string } }
		do(t, r, want, &answer)
		if want == 400 && answer.Error.Code != "bad_signature" {
			t.Fatalf("forged event answered %+v", answer)
		}
	}
	events := fake.Events()
	var plan struct {
		Tier    string
		Credits int64
		Status  string
	}
	for _, ev := range events {
		deliver(ev, "whsec_forged", 400)
	}
	call(t, "GET", base+"/v1/accounts/me/billing", session.Token, "", nil, 200, &plan)
	if plan.Tier != "free" || plan.Credits != 20 {
		t.Fatalf("after forged events: %+v", plan)
	}
	for _, ev := range events {
		deliver(ev, "whsec_x", 200)
	}
	call(t, "GET", base+"/v1/accounts/me/billing", session.Token, "", nil, 200, &plan)
	if plan.Tier != "pro" || plan.Credits != 500 || plan.Status != "active" {
		t.Fatalf("after Stripe's events: %+v", plan)
	}
}
