package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/plan"
)

// fakeStripe keeps products and prices as Stripe would, for the four calls Sync makes,
// and records every request that creates something.
type fakeStripe struct {
	mu       sync.Mutex
	products map[string]bool
	prices   []fakePrice
	posts    []fakePost
}

type fakePrice struct {
	ID, Product, Currency, LookupKey string
	Amount                           int64
}

type fakePost struct {
	path, idempotencyKey string
	form                 map[string]string
}

func (f *fakeStripe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		form[k] = v[0]
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/v1/prices":
		var data []any
		for _, p := range f.prices {
			if p.LookupKey != "" && p.LookupKey == r.Form.Get("lookup_keys[0]") {
				data = append(data, p.json())
			}
		}
		writeJSON(w, 200, map[string]any{"object": "list", "data": data, "has_more": false, "url": "/v1/prices"})
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/v1/products/"):
		id := strings.TrimPrefix(r.URL.Path, "/v1/products/")
		if !f.products[id] {
			writeJSON(w, 404, map[string]any{"error": map[string]any{"type": "invalid_request_error", "code": "resource_missing",
				"message": "No such product: '" + id + "'"}})
			return
		}
		writeJSON(w, 200, map[string]any{"id": id, "object": "product"})
	case r.Method == "POST" && r.URL.Path == "/v1/products":
		f.posts = append(f.posts, fakePost{r.URL.Path, r.Header.Get("Idempotency-Key"), form})
		f.products[form["id"]] = true
		writeJSON(w, 200, map[string]any{"id": form["id"], "object": "product"})
	case r.Method == "POST" && r.URL.Path == "/v1/prices":
		f.posts = append(f.posts, fakePost{r.URL.Path, r.Header.Get("Idempotency-Key"), form})
		for i := range f.prices {
			if f.prices[i].LookupKey == form["lookup_key"] {
				if form["transfer_lookup_key"] != "true" {
					writeJSON(w, 400, map[string]any{"error": map[string]any{"type": "invalid_request_error",
						"message": "A price with this lookup key exists; pass transfer_lookup_key"}})
					return
				}
				f.prices[i].LookupKey = ""
			}
		}
		var amount int64
		fmt.Sscan(form["unit_amount"], &amount)
		p := fakePrice{ID: fmt.Sprintf("price_%d", len(f.prices)+1), Product: form["product"], Currency: form["currency"],
			LookupKey: form["lookup_key"], Amount: amount}
		f.prices = append(f.prices, p)
		writeJSON(w, 200, p.json())
	default:
		http.Error(w, "not faked: "+r.Method+" "+r.URL.Path, 404)
	}
}

func (p fakePrice) json() map[string]any {
	return map[string]any{"id": p.ID, "object": "price", "active": true, "currency": p.Currency, "unit_amount": p.Amount,
		"lookup_key": p.LookupKey, "product": p.Product, "recurring": map[string]any{"interval": "month", "interval_count": 1}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func newFake(t *testing.T, plans *plan.File) (*Billing, *fakeStripe) {
	t.Helper()
	fake := &fakeStripe{products: map[string]bool{}}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	b, err := New(Config{SecretKey: "sk_test_fake", APIURL: srv.URL, Plans: plans})
	if err != nil {
		t.Fatal(err)
	}
	return b, fake
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
	if len(fake.posts) != 6 {
		t.Fatalf("%d creating requests, want 3 products and 3 prices", len(fake.posts))
	}
	for _, p := range fake.posts {
		if p.idempotencyKey == "" {
			t.Errorf("POST %s without an idempotency key", p.path)
		}
		if p.path == "/v1/prices" && (p.form["recurring[interval]"] != "month" || p.form["tax_behavior"] != "exclusive") {
			t.Errorf("price %v is not monthly with tax added on top", p.form)
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
	if len(fake.posts) != 6 {
		t.Errorf("the second sync sent %d more creating requests", len(fake.posts)-6)
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
	last := fake.posts[len(fake.posts)-1]
	if len(fake.posts) != 7 || last.form["transfer_lookup_key"] != "true" || last.form["unit_amount"] != "3499" {
		t.Errorf("after studio's price changed, requests %+v; want one new price taking the lookup key", fake.posts[6:])
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
