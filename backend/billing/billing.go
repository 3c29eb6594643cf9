// Package billing sells the paid plans through Stripe (github.com/stripe/stripe-go/v76).
//
// Every call that creates something in Stripe carries an idempotency key derived from our
// own operation, so a retry after a timeout never creates it twice. Stripe is reached only
// when a secret key is configured; without one New returns ErrNotConfigured and the rest of
// the server works without billing.
//
// sync.go puts the products and monthly prices of the paid tiers into Stripe, found again
// by their lookup keys.
package billing

import (
	"errors"
	"net/http"
	"strings"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"stableaudio/backend/plan"
)

// ErrNotConfigured reports a server started without a Stripe key.
var ErrNotConfigured = errors.New("billing is not configured: start the server with a Stripe secret key (--stripe-key or STABLEAUDIO_STRIPE_KEY)")

// Config is what billing needs.
type Config struct {
	// SecretKey is the Stripe secret key (sk_live_… or sk_test_…); "" leaves billing off.
	SecretKey string
	// APIURL replaces Stripe's API address, for stripe-mock in tests; "" for Stripe itself.
	APIURL string
	// Plans are the tiers sold and their prices.
	Plans *plan.File
	// HTTPClient makes the calls; nil for a default one.
	HTTPClient *http.Client
}

// Billing talks to Stripe for one account server.
type Billing struct {
	sc    *client.API
	plans *plan.File
}

// New connects billing to Stripe, or returns ErrNotConfigured without a key.
func New(cfg Config) (*Billing, error) {
	key := strings.TrimSpace(cfg.SecretKey)
	if key == "" {
		return nil, ErrNotConfigured
	}
	if cfg.Plans == nil {
		cfg.Plans = plan.Default()
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
	return &Billing{sc: client.New(key, backends), plans: cfg.Plans}, nil
}
