// Package billing sells the paid plans through Stripe (github.com/stripe/stripe-go/v76)
// and applies what Stripe reports to accounts, through the ledger, exactly once.
//
// Every call that creates or changes something in Stripe carries an idempotency key
// derived from our own operation (the account and the client's key, a refund request's
// id, an event's id), so a retry after a timeout never does it twice. Stripe is reached
// only when a secret key is configured; without one New returns ErrNotConfigured and the
// rest of the server works without billing.
//
// Files: sync.go (products and prices), checkout.go (customers, Checkout, the portal),
// subscription.go (making an account follow its subscription), changes.go (upgrade,
// downgrade, cancel), webhook.go (Stripe's events), refunds.go, status.go (what the app
// shows).
package billing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// Errors the API maps to answers.
var (
	ErrNotConfigured     = errors.New("billing is not configured: start the server with a Stripe secret key (--stripe-key or STABLEAUDIO_STRIPE_KEY)")
	ErrBadSignature      = errors.New("the Stripe signature is missing, wrong or too old")
	ErrNoSubscription    = errors.New("there is no paid subscription on this account: subscribe first")
	ErrAlreadySubscribed = errors.New("this account already has a paid subscription: change its plan instead")
	ErrBadPlanChange     = errors.New("that plan change is not possible")
	ErrNothingToRefund   = errors.New("there is no payment this period to refund")
	ErrPaymentFailed     = errors.New("the payment was declined")
	ErrBadRequest        = errors.New("the billing request is incomplete")
	ErrStripe            = errors.New("the payment provider could not be reached or refused the request; try again")
)

// Config is what billing needs.
type Config struct {
	// SecretKey is the Stripe secret key (sk_live_… or sk_test_…); "" leaves billing off.
	SecretKey string
	// WebhookSecret (whsec_…) checks the signatures of Stripe's webhook events; without it
	// every event is refused.
	WebhookSecret string
	// APIURL replaces Stripe's API address, for stripe-mock in tests; "" for Stripe itself.
	APIURL string
	// ReturnURL is where the browser goes back to after Checkout and the portal.
	ReturnURL string
	// Plans are the tiers sold and their prices.
	Plans *plan.File
	// Store and Ledger apply payments to accounts; Sync alone needs neither.
	Store  RunTx
	Ledger *ledger.Ledger
	// HTTPClient makes the calls; nil for a default one.
	HTTPClient *http.Client
	// Now is the clock (nil = the ledger's, else time.Now).
	Now func() time.Time
}

// Billing talks to Stripe for one account server.
type Billing struct {
	sc    *client.API
	cfg   Config
	plans *plan.File
	found sync.Map // lookup keys and the portal version → Stripe ids, found once per process
}

// New connects billing to Stripe, or returns ErrNotConfigured without a key.
func New(cfg Config) (*Billing, error) {
	key := strings.TrimSpace(cfg.SecretKey)
	if key == "" {
		return nil, ErrNotConfigured
	}
	if cfg.Plans == nil {
		cfg.Plans = plan.Default()
		if cfg.Ledger != nil {
			cfg.Plans = cfg.Ledger.Plans()
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
		if cfg.Ledger != nil {
			cfg.Now = cfg.Ledger.Now
		}
	}
	if cfg.ReturnURL == "" {
		cfg.ReturnURL = "http://127.0.0.1:8787/v1/billing/return"
	}
	bc := &stripe.BackendConfig{
		HTTPClient: cfg.HTTPClient,
		// Errors are returned to the caller, who reports them; nothing is printed here.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if cfg.APIURL != "" {
		bc.URL = stripe.String(strings.TrimSuffix(cfg.APIURL, "/"))
	}
	backends := &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, bc),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, bc),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, bc),
	}
	return &Billing{sc: client.New(key, backends), cfg: cfg, plans: cfg.Plans}, nil
}

func (b *Billing) now() time.Time { return b.cfg.Now().UTC() }

// inTx runs fn in a store transaction; billing without a store (Sync alone) cannot.
func (b *Billing) inTx(ctx context.Context, fn func(Tx) error) error {
	if b.cfg.Store == nil || b.cfg.Ledger == nil {
		return errors.New("billing: no store configured")
	}
	return b.cfg.Store(ctx, fn)
}

// stripeErr turns a failed Stripe call into ErrPaymentFailed (a declined card, with
// Stripe's message for the user) or ErrStripe (anything else, detail kept for the log).
func stripeErr(what string, err error) error {
	var se *stripe.Error
	if errors.As(err, &se) && se.Type == stripe.ErrorTypeCard {
		return fmt.Errorf("%w: %s", ErrPaymentFailed, se.Msg)
	}
	return fmt.Errorf("%w (%s: %v)", ErrStripe, what, err)
}
