package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/ledger"
	"stableaudio/backend/server"
)

// billing sync without a key says billing is not configured and how to configure it; with
// stripe-mock (make test starts it) it syncs the three paid tiers.
func TestBillingSync(t *testing.T) {
	t.Setenv("STABLEAUDIO_STRIPE_KEY", "")
	code, _, errs := runServer(t, "billing", "sync")
	if code != exitFail || !strings.Contains(errs, "billing is not configured") || !strings.Contains(errs, "--stripe-key") {
		t.Errorf("no key: exit %d, %q", code, errs)
	}
	if code, _, _ := runServer(t, "billing", "refund"); code != exitUsage {
		t.Errorf("an unknown billing command: exit %d, want %d", code, exitUsage)
	}
	url := os.Getenv("STABLEAUDIO_TEST_STRIPE_URL")
	if url == "" {
		t.Skip("the sync itself needs stripe-mock on loopback: make test starts it (scripts/stripe-mock-env.sh)")
	}
	code, out, errs := runServer(t, "billing", "sync", "--stripe-key", "sk_test_123", "--stripe-api", url)
	if code != exitOK {
		t.Fatalf("sync against stripe-mock: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"pro    stableaudio_pro_monthly 11.99 usd a month", "studio stableaudio_studio_monthly 29.99 usd", "max    stableaudio_max_monthly 89.99 usd"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not say %q:\n%s", want, out)
		}
	}
}

// Staff work the refund queue from the command line: list shows the figures a request was
// judged by, grant pays it back through Stripe, and a decided request cannot be decided again.
func TestAdminRefunds(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "server.db")
	fake := stripefake.New(time.Now)
	t.Cleanup(fake.Close)
	stripe := []string{"--db", db, "--stripe-key", "sk_test_x", "--stripe-api", fake.URL()}

	srv, err := server.Open(ctx, server.Config{Database: db, Hasher: account.Hasher{Params: account.TestParams},
		Log: slog.New(slog.DiscardHandler), Billing: billing.Config{SecretKey: "sk_test_x", WebhookSecret: "whsec_x", APIURL: fake.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := srv.Accounts.SignUp(ctx, "ana@example.com", "a long passphrase", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Billing.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	url, err := srv.Billing.Checkout(ctx, a.ID, "pro", "c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.CompleteCheckout(url); err != nil {
		t.Fatal(err)
	}
	for _, ev := range fake.Events() {
		if err := srv.Billing.HandleWebhook(ctx, ev.Payload, stripefake.Sign(ev.Payload, "whsec_x", time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Ledger.Debit(ctx, a.ID, ledger.Credits, 10, "work", "generation"); err != nil {
		t.Fatal(err)
	}
	r, err := srv.Billing.RequestRefund(ctx, a.ID, "r1", "")
	if err != nil || r.Status != billing.RefundQueued {
		t.Fatalf("a request with 2%% used: %+v %v", r, err)
	}
	srv.Shutdown(ctx)

	code, out, errs := runServer(t, append([]string{"admin", "refunds", "list"}, stripe...)...)
	if code != exitOK || !strings.Contains(out, r.ID) || !strings.Contains(out, "10 of 500 credits used (2.0%)") || !strings.Contains(out, "paid $14.39") {
		t.Fatalf("list: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runServer(t, append([]string{"admin", "refunds", "grant", "--id", r.ID, "--by", "lee"}, stripe...)...)
	if code != exitOK || out != r.ID+" refunded: $14.39 refunded\n" {
		t.Fatalf("grant: exit %d %q %q", code, out, errs)
	}
	if inv := fake.Invoices(r.SubscriptionID); len(inv) != 1 || inv[0].Paid != 1439 || inv[0].Refunded != 1439 {
		t.Fatalf("invoices after the grant: %+v", inv)
	}
	if code, out, _ := runServer(t, append([]string{"admin", "refunds", "list"}, stripe...)...); code != exitOK || out != "no refund requests waiting\n" {
		t.Fatalf("list after the grant: exit %d %q", code, out)
	}
	code, _, errs = runServer(t, append([]string{"admin", "refunds", "decline", "--id", r.ID, "--note", "late"}, stripe...)...)
	if code != exitFail || !strings.Contains(errs, "not waiting for a decision") {
		t.Fatalf("declining a refunded request: exit %d %q", code, errs)
	}
	t.Setenv("STABLEAUDIO_STRIPE_KEY", "")
	if code, _, errs := runServer(t, "admin", "refunds", "list", "--db", db); code != exitFail || !strings.Contains(errs, "billing is not configured") {
		t.Fatalf("without a key: exit %d %q", code, errs)
	}
}
