package billing_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
	"stableaudio/backend/store/storetest"
)

const webhookSecret = "whsec_test_secret"

// world is one account server with billing against a fake Stripe, on a test clock.
type world struct {
	t      *testing.T
	ctx    context.Context
	clock  *clock
	db     *store.DB
	ledger *ledger.Ledger
	fake   *stripefake.Fake
	bill   *billing.Billing
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t.UTC(); c.mu.Unlock() }

// inWorlds runs test in a world on SQLite and one on PostgreSQL (storetest.Each).
func inWorlds(t *testing.T, start time.Time, test func(t *testing.T, w *world)) {
	storetest.Each(t, func(t *testing.T, open func(*testing.T) *store.DB) { test(t, newWorld(t, open(t), start)) })
}

func newWorld(t *testing.T, db *store.DB, start time.Time) *world {
	t.Helper()
	ctx := context.Background()
	c := &clock{now: start.UTC()}
	fake := stripefake.New(c.Now)
	t.Cleanup(fake.Close)
	// Under make test every request also goes to stripe-mock, which checks it is valid Stripe.
	if fake.Validator = os.Getenv("STABLEAUDIO_TEST_STRIPE_URL"); fake.Validator != "" {
		t.Cleanup(func() {
			n, invalid := fake.Validated()
			for _, msg := range invalid {
				t.Errorf("stripe-mock refused %s", msg)
			}
			if n == 0 {
				t.Error("no request reached stripe-mock")
			}
			t.Logf("%d Stripe requests checked by stripe-mock, %d refused", n, len(invalid))
		})
	}
	l := ledger.New(db.LedgerTx(), plan.Default(), c.Now)
	b, err := billing.New(billing.Config{SecretKey: "sk_test_fake", WebhookSecret: webhookSecret, APIURL: fake.URL(),
		Store: db.BillingTx(), Ledger: l})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, ctx: ctx, clock: c, db: db, ledger: l, fake: fake, bill: b}
}

// signUp makes a Free account, as the account service does.
func (w *world) signUp(email string) string {
	w.t.Helper()
	a := account.Account{ID: "acc-" + email, Email: email, PasswordHash: "x", Tier: plan.TierFree, Anchor: w.clock.Now(), CreatedAt: w.clock.Now()}
	if err := w.db.InTx(w.ctx, func(tx *store.Tx) error { return tx.CreateAccount(w.ctx, a) }); err != nil {
		w.t.Fatal(err)
	}
	w.state(a.ID)
	return a.ID
}

// subscribe goes through Checkout for tier and returns the subscription's id; the events
// stay queued in the fake.
func (w *world) subscribe(accountID string, tier plan.Tier, key string) string {
	w.t.Helper()
	url, err := w.bill.Checkout(w.ctx, accountID, tier, key)
	if err != nil {
		w.t.Fatal(err)
	}
	sub, err := w.fake.CompleteCheckout(url)
	if err != nil {
		w.t.Fatal(err)
	}
	return sub
}

// deliver signs and applies events as Stripe's deliveries would, failing on an error.
func (w *world) deliver(events ...stripefake.Event) {
	w.t.Helper()
	for _, ev := range events {
		if err := w.bill.HandleWebhook(w.ctx, ev.Payload, stripefake.Sign(ev.Payload, webhookSecret, time.Now())); err != nil {
			w.t.Fatalf("%s %s: %v", ev.Type, ev.ID, err)
		}
	}
}

// deliverQueued delivers everything the fake queued.
func (w *world) deliverQueued() { w.t.Helper(); w.deliver(w.fake.Events()...) }

func (w *world) state(accountID string) ledger.State {
	w.t.Helper()
	s, err := w.ledger.State(w.ctx, accountID)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// expect checks the account's tier and balances.
func (w *world) expect(step, accountID string, tier plan.Tier, credits, uploadSeconds int64) ledger.State {
	w.t.Helper()
	s := w.state(accountID)
	if s.Plan.Tier != tier || s.Credits != credits || s.UploadSeconds != uploadSeconds {
		w.t.Fatalf("%s: %s with %d credits and %d upload seconds; want %s, %d and %d", step, s.Plan.Tier, s.Credits,
			s.UploadSeconds, tier, credits, uploadSeconds)
	}
	return s
}

// entries counts the account's ledger entries by kind and asset.
func (w *world) entries(accountID string) map[string]int {
	w.t.Helper()
	all, err := w.ledger.History(w.ctx, accountID, 0, 1000)
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range all {
		out[string(e.Kind)+" "+string(e.Asset)]++
	}
	return out
}

func (w *world) spend(accountID string, credits int64, key string) {
	w.t.Helper()
	if _, err := w.ledger.Debit(w.ctx, accountID, ledger.Credits, credits, key, "generation"); err != nil {
		w.t.Fatal(err)
	}
}

func isErr(err, target error) bool { return errors.Is(err, target) }

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}
