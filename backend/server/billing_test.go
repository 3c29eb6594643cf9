package server_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/server"
)

// billingServer runs a server that sells plans through a fake Stripe, with one signed-up
// account, and returns its address, the fake and the account's token.
func billingServer(t *testing.T) (base string, fake *stripefake.Fake, token string) {
	ctx := context.Background()
	fake = stripefake.New(time.Now)
	t.Cleanup(fake.Close)
	srv, base := serve(t, server.Config{Database: filepath.Join(t.TempDir(), "server.db"),
		Billing: billing.Config{SecretKey: "sk_test_x", WebhookSecret: "whsec_x", APIURL: fake.URL()}})
	if _, err := srv.Billing.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	var session struct{ Token string }
	call(t, "POST", base+"/v1/accounts", "", "application/json",
		strings.NewReader(`{"email":"buyer@example.com","password":"a long passphrase"}`), 201, &session)
	return base, fake, session.Token
}

// billingCall sends a billing request with an idempotency key and decodes the answer.
func billingCall(t *testing.T, method, url, token, key, body string, want int, into any) {
	t.Helper()
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		r.Header.Set("Idempotency-Key", key)
	}
	do(t, r, want, into)
}

// deliverAll posts the fake's queued events to the webhook, signed with secret.
func deliverAll(t *testing.T, base string, events []stripefake.Event, secret string, want int) {
	t.Helper()
	for _, ev := range events {
		r, _ := http.NewRequest("POST", base+"/v1/stripe/webhook", strings.NewReader(string(ev.Payload)))
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
		r.Header.Set("Stripe-Signature", stripefake.Sign(ev.Payload, secret, time.Now()))
		var answer struct{ Error struct{ Code string } }
		do(t, r, want, &answer)
		if want == 400 && answer.Error.Code != "bad_signature" {
			t.Fatalf("forged event answered %+v", answer)
		}
	}
}

type billingAnswer struct {
	Tier          string
	Credits       int64
	Status        string
	ScheduledTier *string
	Charged       *struct{ Amount int64 }
	Offers        []struct {
		Tier         string
		MonthlyPrice int64
	}
	Refunds []struct{ Status string }
}

// refused sends a billing request that must fail with status and code.
func refused(t *testing.T, method, url, token, key, body string, status int, code string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	billingCall(t, method, url, token, key, body, status, &e)
	if e.Error.Code != code {
		t.Fatalf("%s %s %s: %+v, want %s", method, url, body, e.Error, code)
	}
}

// Subscribing, changing plan and asking for a refund over HTTP: a forged event is answered
// 400 and changes nothing; the genuine ones make the account Pro; mistakes get clear codes.
func TestBillingOverHTTP(t *testing.T) {
	base, fake, token := billingServer(t)
	me := base + "/v1/accounts/me/billing"

	var b billingAnswer
	call(t, "GET", me, token, "", nil, 200, &b)
	if b.Tier != "free" || b.Status != "free" || len(b.Offers) != 3 || b.Offers[0].MonthlyPrice != 1199 {
		t.Fatalf("a new account's billing: %+v", b)
	}
	refused(t, "POST", me+"/checkout", token, "", `{"tier":"pro"}`, 400, "invalid_request") // no Idempotency-Key
	refused(t, "POST", me+"/checkout", token, "c1", `{"tier":"platinum"}`, 422, "unknown_tier")
	refused(t, "POST", me+"/checkout", token, "c1", `{"tier":"enterprise"}`, 422, "bad_plan_change")
	refused(t, "POST", me+"/refunds", token, "r0", `{"reason":""}`, 409, "nothing_to_refund")
	refused(t, "POST", me+"/upgrade", token, "u0", `{"tier":"studio"}`, 409, "no_subscription")

	var link struct{ URL string }
	billingCall(t, "POST", me+"/checkout", token, "c1", `{"tier":"pro"}`, 200, &link)
	if _, err := fake.CompleteCheckout(link.URL); err != nil {
		t.Fatal(err)
	}
	events := fake.Events()
	deliverAll(t, base, events, "whsec_forged", 400)
	call(t, "GET", me, token, "", nil, 200, &b)
	if b.Tier != "free" || b.Credits != 20 {
		t.Fatalf("after forged events: %+v", b)
	}
	deliverAll(t, base, events, "whsec_x", 200)
	call(t, "GET", me, token, "", nil, 200, &b)
	if b.Tier != "pro" || b.Credits != 500 || b.Status != "active" {
		t.Fatalf("after Stripe's events: %+v", b)
	}
	refused(t, "POST", me+"/checkout", token, "c2", `{"tier":"studio"}`, 409, "already_subscribed")

	billingCall(t, "POST", me+"/portal", token, "p1", "", 200, &link)
	if !strings.HasPrefix(link.URL, "https://billing.stripe.test/") {
		t.Fatalf("portal link %q", link.URL)
	}

	var preview struct {
		Total         int64
		ProrationDate time.Time
	}
	call(t, "GET", me+"/upgrade?tier=max", token, "", nil, 200, &preview)
	refused(t, "POST", me+"/downgrade", token, "d1", `{"tier":"max"}`, 422, "bad_plan_change")
	body := `{"tier":"max","prorationDate":"` + preview.ProrationDate.Format(time.RFC3339) + `"}`
	billingCall(t, "POST", me+"/upgrade", token, "u1", body, 200, &b)
	if b.Tier != "max" || b.Charged == nil || b.Charged.Amount != preview.Total || b.Credits != 4500 {
		t.Fatalf("upgrade to Max, previewed %d: %+v", preview.Total, b)
	}

	var refund struct{ Status, Message string }
	billingCall(t, "POST", me+"/refunds", token, "r1", `{"reason":"wrong plan"}`, 200, &refund)
	if refund.Status != "refunded" || !strings.Contains(refund.Message, "Free") {
		t.Fatalf("refund within the rules: %+v", refund)
	}
	call(t, "GET", me, token, "", nil, 200, &b)
	if b.Tier != "free" || len(b.Refunds) != 1 || b.Refunds[0].Status != "refunded" {
		t.Fatalf("after the refund: %+v", b)
	}
}
