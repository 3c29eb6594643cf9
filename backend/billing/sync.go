package billing

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/plan"
)

// Each paid tier is one Stripe product with one active monthly price. The product's id and
// the price's lookup key are ours, so Sync finds them again on every run instead of keeping
// Stripe's ids anywhere: running it twice changes nothing, and changing a price in the plan
// file makes a new price that takes the lookup key over (Stripe's transfer_lookup_key),
// while subscriptions already running keep theirs until they change plan.

// ProductID is the id of a tier's product in Stripe.
func ProductID(t plan.Tier) string { return "stableaudio_" + string(t) }

// LookupKey names a tier's monthly price in Stripe.
func LookupKey(t plan.Tier) string { return "stableaudio_" + string(t) + "_monthly" }

// SyncedPrice is one tier's price in Stripe after Sync.
type SyncedPrice struct {
	Tier      plan.Tier
	ProductID string
	PriceID   string
	Amount    int64 // in the currency's smallest unit, before tax
	Currency  string
	Created   bool // Sync made this price (new, or because the amount changed)
}

// Sync makes Stripe sell what the plan file sells: for every paid tier with a price, the
// product and the monthly price under its lookup key.
func (b *Billing) Sync(ctx context.Context) ([]SyncedPrice, error) {
	var out []SyncedPrice
	for _, p := range b.plans.Plans {
		if !p.Paid || p.CustomLimits || p.MonthlyPrice <= 0 {
			continue // free, or priced per account by staff
		}
		sp, err := b.syncTier(ctx, p)
		if err != nil {
			return out, fmt.Errorf("billing: sync %s: %w", p.Tier, err)
		}
		out = append(out, sp)
	}
	return out, nil
}

func (b *Billing) syncTier(ctx context.Context, p plan.Plan) (SyncedPrice, error) {
	sp := SyncedPrice{Tier: p.Tier, ProductID: ProductID(p.Tier), Amount: p.MonthlyPrice, Currency: b.plans.Currency}
	current, err := b.priceByLookupKey(ctx, LookupKey(p.Tier))
	if err != nil {
		return sp, err
	}
	if current != nil && sellsAsPlanned(current, sp) {
		sp.PriceID = current.ID
		return sp, nil
	}
	if err := b.ensureProduct(ctx, p); err != nil {
		return sp, err
	}
	params := priceParams(sp, current != nil)
	params.Context = ctx
	created, err := b.sc.Prices.New(params)
	if err != nil {
		return sp, err
	}
	sp.PriceID, sp.Created = created.ID, true
	return sp, nil
}

// priceParams asks for the tier's monthly price; transfer moves the lookup key from the
// price that has it. The same price asked for again, after a timeout, is the same
// operation, hence the idempotency key.
func priceParams(sp SyncedPrice, transfer bool) *stripe.PriceParams {
	params := &stripe.PriceParams{
		Product:    stripe.String(sp.ProductID),
		Currency:   stripe.String(sp.Currency),
		UnitAmount: stripe.Int64(sp.Amount),
		Recurring:  &stripe.PriceRecurringParams{Interval: stripe.String(string(stripe.PriceRecurringIntervalMonth))},
		LookupKey:  stripe.String(LookupKey(sp.Tier)),
		// Tax is added on top where it applies (Checkout's automatic tax needs to know).
		TaxBehavior:       stripe.String(string(stripe.PriceTaxBehaviorExclusive)),
		TransferLookupKey: stripe.Bool(transfer),
		Metadata:          map[string]string{"tier": string(sp.Tier)},
	}
	params.SetIdempotencyKey(fmt.Sprintf("sync-price-%s-%s-%d", sp.Tier, sp.Currency, sp.Amount))
	return params
}

// productParams asks for the tier's product, under our id.
func productParams(p plan.Plan) *stripe.ProductParams {
	params := &stripe.ProductParams{
		ID:       stripe.String(ProductID(p.Tier)),
		Name:     stripe.String("Stable Audio " + p.Name),
		Metadata: map[string]string{"tier": string(p.Tier)},
	}
	params.SetIdempotencyKey("sync-product-" + string(p.Tier))
	return params
}

// sellsAsPlanned reports a Stripe price that already charges what the plan file says.
func sellsAsPlanned(pr *stripe.Price, want SyncedPrice) bool {
	return pr.Active && pr.UnitAmount == want.Amount && string(pr.Currency) == want.Currency &&
		pr.Recurring != nil && pr.Recurring.Interval == stripe.PriceRecurringIntervalMonth && pr.Recurring.IntervalCount == 1 &&
		pr.Product != nil && pr.Product.ID == want.ProductID
}

// priceByLookupKey finds the active price with this lookup key, nil when there is none.
func (b *Billing) priceByLookupKey(ctx context.Context, key string) (*stripe.Price, error) {
	params := &stripe.PriceListParams{LookupKeys: []*string{stripe.String(key)}, Active: stripe.Bool(true)}
	params.Context = ctx
	it := b.sc.Prices.List(params)
	for it.Next() {
		if pr := it.Price(); pr.LookupKey == key {
			return pr, nil
		}
	}
	return nil, it.Err()
}

// ensureProduct creates the tier's product unless it is there.
func (b *Billing) ensureProduct(ctx context.Context, p plan.Plan) error {
	get := &stripe.ProductParams{}
	get.Context = ctx
	_, err := b.sc.Products.Get(ProductID(p.Tier), get)
	var se *stripe.Error
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &se) || se.HTTPStatusCode != http.StatusNotFound:
		return err
	}
	params := productParams(p)
	params.Context = ctx
	_, err = b.sc.Products.New(params)
	return err
}

// portalVersion marks the customer-portal configuration this code makes; a change to what
// the portal offers gets a new version and so a new configuration.
const portalVersion = "manage-payments-1"

// portalConfiguration finds, or makes, the portal configuration that offers cards,
// invoices and the billing address, but no plan changes: those go through the app so that
// upgrades, downgrades and cancellations follow the product's rules.
func (b *Billing) portalConfiguration(ctx context.Context) (string, error) {
	if id, ok := b.found.Load(portalVersion); ok {
		return id.(string), nil
	}
	list := &stripe.BillingPortalConfigurationListParams{Active: stripe.Bool(true)}
	list.Context = ctx
	it := b.sc.BillingPortalConfigurations.List(list)
	for it.Next() {
		if c := it.BillingPortalConfiguration(); c.Metadata["stableaudio"] == portalVersion {
			b.found.Store(portalVersion, c.ID)
			return c.ID, nil
		}
	}
	if err := it.Err(); err != nil {
		return "", stripeErr("list portal configurations", err)
	}
	params := &stripe.BillingPortalConfigurationParams{
		BusinessProfile: &stripe.BillingPortalConfigurationBusinessProfileParams{
			Headline: stripe.String("Stable Audio: payment methods, invoices and billing address"),
		},
		Features: &stripe.BillingPortalConfigurationFeaturesParams{
			CustomerUpdate: &stripe.BillingPortalConfigurationFeaturesCustomerUpdateParams{
				Enabled:        stripe.Bool(true),
				AllowedUpdates: stripe.StringSlice([]string{"email", "address", "name", "tax_id"}),
			},
			InvoiceHistory:      &stripe.BillingPortalConfigurationFeaturesInvoiceHistoryParams{Enabled: stripe.Bool(true)},
			PaymentMethodUpdate: &stripe.BillingPortalConfigurationFeaturesPaymentMethodUpdateParams{Enabled: stripe.Bool(true)},
			SubscriptionCancel:  &stripe.BillingPortalConfigurationFeaturesSubscriptionCancelParams{Enabled: stripe.Bool(false)},
			SubscriptionUpdate:  &stripe.BillingPortalConfigurationFeaturesSubscriptionUpdateParams{Enabled: stripe.Bool(false)},
		},
		Metadata: map[string]string{"stableaudio": portalVersion},
	}
	params.Context = ctx
	params.SetIdempotencyKey("sync-portal-" + portalVersion)
	c, err := b.sc.BillingPortalConfigurations.New(params)
	if err != nil {
		return "", stripeErr("create portal configuration", err)
	}
	b.found.Store(portalVersion, c.ID)
	return c.ID, nil
}
