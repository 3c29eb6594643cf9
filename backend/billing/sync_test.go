package billing

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/plan"
)

func newFake(t *testing.T, plans *plan.File) (*Billing, *stripefake.Fake) {
	t.Helper()
	fake := stripefake.New(time.Now)
	t.Cleanup(fake.Close)
	b, err := New(Config{SecretKey: "sk_test_fake", APIURL: fake.URL(), Plans: plans})
	if err != nil {
		t.Fatal(err)
	}
	return b, fake
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// The first sync creates a product and a monthly price for each paid tier; the second
// creates nothing; a price changed in the plan file gets a new Stripe price, which takes
// the lookup key over, and nothing else changes.
func TestSyncIsIdempotent(t *testing.T) {
	ctx := context.Background()
	plans := plan.Default()
	b, fake := newFake(t, plans)
	first, err := b.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[plan.Tier]int64{plan.TierPro: 1199, plan.TierStudio: 2999, plan.TierMax: 8999}
	if len(first) != len(want) {
		t.Fatalf("synced %+v; want the three paid tiers", first)
	}
	for _, sp := range first {
		if !sp.Created || sp.Amount != want[sp.Tier] || sp.Currency != "usd" || sp.ProductID != ProductID(sp.Tier) {
			t.Errorf("%+v; want a new %d usd price on %s", sp, want[sp.Tier], ProductID(sp.Tier))
		}
	}
	posts := fake.Requests()
	if len(posts) != 6 {
		t.Fatalf("%d creating requests, want 3 products and 3 prices", len(posts))
	}
	for _, p := range posts {
		if p.IdempotencyKey == "" {
			t.Errorf("POST %s without an idempotency key", p.Path)
		}
		if p.Path == "/v1/prices" && (p.Form["recurring[interval]"] != "month" || p.Form["tax_behavior"] != "exclusive") {
			t.Errorf("price %v is not monthly with tax added on top", p.Form)
		}
	}

	second, err := b.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, sp := range second {
		if sp.Created || sp.PriceID != first[i].PriceID {
			t.Errorf("second sync: %+v; want the same price, not a new one", sp)
		}
	}
	if n := len(fake.Requests()); n != 6 {
		t.Errorf("the second sync sent %d more creating requests", n-6)
	}

	for i := range plans.Plans {
		if plans.Plans[i].Tier == plan.TierStudio {
			plans.Plans[i].MonthlyPrice = 3499
		}
	}
	third, err := b.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, sp := range third {
		changed := sp.Tier == plan.TierStudio
		if sp.Created != changed || (sp.PriceID == first[i].PriceID) == changed {
			t.Errorf("after studio's price changed: %+v", sp)
		}
	}
	posts = fake.Requests()
	last := posts[len(posts)-1]
	if len(posts) != 7 || last.Form["transfer_lookup_key"] != "true" || last.Form["unit_amount"] != "3499" {
		t.Errorf("after studio's price changed, requests %+v; want one new price taking the lookup key", posts[6:])
	}
	if now, err := b.priceByLookupKey(ctx, LookupKey(plan.TierStudio)); err != nil || now.UnitAmount != 3499 {
		t.Errorf("the studio lookup key names %+v (%v), want the 3499 price", now, err)
	}
}

// Stripe failing (here: refusing the key) is an error naming the tier, not a half-told success.
func TestSyncReportsStripeErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, map[string]any{"error": map[string]any{"type": "invalid_request_error", "message": "Invalid API Key provided"}})
	}))
	defer srv.Close()
	b, err := New(Config{SecretKey: "sk_test_wrong", APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Sync(context.Background())
	var se *stripe.Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "sync pro") || !strings.Contains(err.Error(), "Invalid API Key") {
		t.Errorf("a refused key: %v", err)
	}
}

func TestNotConfiguredWithoutAKey(t *testing.T) {
	if b, err := New(Config{SecretKey: "  "}); b != nil || !errors.Is(err, ErrNotConfigured) {
		t.Errorf("no key: %v, %v; want ErrNotConfigured", b, err)
	}
}

// Every request Sync can send passes the validation of stripe-mock, which checks it against
// Stripe's API description. make test starts it (scripts/stripe-mock-env.sh).
func TestSyncRequestsAreValidStripe(t *testing.T) {
	url := os.Getenv("STABLEAUDIO_TEST_STRIPE_URL")
	if url == "" {
		t.Skip("needs stripe-mock on loopback: make test starts it; or scripts/stripe-mock-env.sh run go test ./backend/billing")
	}
	b, err := New(Config{SecretKey: "sk_test_123", APIURL: url})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// stripe-mock keeps nothing: its price list never holds our lookup key and its product
	// always exists, so a sync sends the list, the product lookup and a new price.
	if _, err := b.Sync(ctx); err != nil {
		t.Fatalf("sync against stripe-mock: %v", err)
	}
	// The product and a transferring price, which that path does not reach.
	pro, err := plan.Default().Plan(plan.TierPro)
	if err != nil {
		t.Fatal(err)
	}
	pp := productParams(pro)
	pp.Context = ctx
	if _, err := b.sc.Products.New(pp); err != nil {
		t.Errorf("creating a product: %v", err)
	}
	pr := priceParams(SyncedPrice{Tier: plan.TierPro, ProductID: ProductID(plan.TierPro), Amount: 1299, Currency: "usd"}, true)
	pr.Context = ctx
	if _, err := b.sc.Prices.New(pr); err != nil {
		t.Errorf("creating a price that takes the lookup key: %v", err)
	}
}
