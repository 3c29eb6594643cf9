package billing

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/plan"
)

// Checkout opens a Stripe Checkout page that subscribes the account to tier, with tax
// worked out by Stripe from the address the user gives there. It returns the page's
// address, for the app to open in the browser. key is the client's idempotency key for
// this request.
func (b *Billing) Checkout(ctx context.Context, accountID string, tier plan.Tier, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	p, err := b.soldPlan(tier)
	if err != nil {
		return "", err
	}
	var current Subscription
	var found bool
	if err := b.inTx(ctx, func(tx Tx) error {
		current, found, err = tx.CurrentSubscription(ctx, accountID)
		return err
	}); err != nil {
		return "", err
	}
	if found && current.Live() {
		return "", ErrAlreadySubscribed
	}
	customer, err := b.customer(ctx, accountID)
	if err != nil {
		return "", err
	}
	price, err := b.priceID(ctx, p.Tier)
	if err != nil {
		return "", err
	}
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(customer),
		ClientReferenceID: stripe.String(accountID),
		LineItems:         []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}},
		AutomaticTax:      &stripe.CheckoutSessionAutomaticTaxParams{Enabled: stripe.Bool(true)},
		// Automatic tax needs the customer's address; Checkout asks for it and keeps it.
		CustomerUpdate: &stripe.CheckoutSessionCustomerUpdateParams{Address: stripe.String("auto"), Name: stripe.String("auto")},
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
			Metadata: map[string]string{"account_id": accountID, "tier": string(p.Tier)},
		},
		SuccessURL: stripe.String(b.cfg.ReturnURL + "?checkout=done"),
		CancelURL:  stripe.String(b.cfg.ReturnURL + "?checkout=cancelled"),
	}
	params.Context = ctx
	params.SetIdempotencyKey("checkout-" + accountID + "-" + key)
	s, err := b.sc.CheckoutSessions.New(params)
	if err != nil {
		return "", stripeErr("checkout session", err)
	}
	return s.URL, nil
}

// Portal opens Stripe's customer portal ("Manage payments": cards, invoices, address) and
// returns its address. Plan changes are not offered there (see PortalConfiguration): they
// go through the app, where the upgrade, downgrade and cancel rules apply.
func (b *Billing) Portal(ctx context.Context, accountID, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	customer, err := b.customer(ctx, accountID)
	if err != nil {
		return "", err
	}
	config, err := b.portalConfiguration(ctx)
	if err != nil {
		return "", err
	}
	params := &stripe.BillingPortalSessionParams{
		Customer:      stripe.String(customer),
		ReturnURL:     stripe.String(b.cfg.ReturnURL + "?portal=done"),
		Configuration: stripe.String(config),
	}
	params.Context = ctx
	params.SetIdempotencyKey("portal-" + accountID + "-" + key)
	s, err := b.sc.BillingPortalSessions.New(params)
	if err != nil {
		return "", stripeErr("portal session", err)
	}
	return s.URL, nil
}

// customer returns the account's Stripe customer, creating it on first need. Two requests
// racing here send the same idempotency key, so Stripe makes one customer.
func (b *Billing) customer(ctx context.Context, accountID string) (string, error) {
	var id, email string
	err := b.inTx(ctx, func(tx Tx) error {
		var err error
		if id, err = tx.CustomerOf(ctx, accountID); err != nil || id != "" {
			return err
		}
		a, err := tx.LockAccount(ctx, accountID)
		email = a.Email
		return err
	})
	if err != nil || id != "" {
		return id, err
	}
	params := &stripe.CustomerParams{Email: stripe.String(email), Metadata: map[string]string{"account_id": accountID}}
	params.Context = ctx
	params.SetIdempotencyKey("customer-" + accountID)
	c, err := b.sc.Customers.New(params)
	if err != nil {
		return "", stripeErr("create customer", err)
	}
	err = b.inTx(ctx, func(tx Tx) error { return tx.SetCustomer(ctx, accountID, c.ID) })
	return c.ID, err
}

// soldPlan is the plan of a tier sold by subscription.
func (b *Billing) soldPlan(tier plan.Tier) (plan.Plan, error) {
	p, err := b.plans.Plan(tier)
	if err != nil {
		return p, err
	}
	if !p.Paid || p.CustomLimits || p.MonthlyPrice <= 0 {
		return p, fmt.Errorf("%w: %s is not sold by subscription (Enterprise is arranged with staff; Free needs none)", ErrBadPlanChange, p.Name)
	}
	return p, nil
}

// priceID finds the tier's monthly price by its lookup key, once per process.
func (b *Billing) priceID(ctx context.Context, tier plan.Tier) (string, error) {
	key := LookupKey(tier)
	if id, ok := b.found.Load(key); ok {
		return id.(string), nil
	}
	pr, err := b.priceByLookupKey(ctx, key)
	if err != nil {
		return "", stripeErr("find price", err)
	}
	if pr == nil {
		return "", fmt.Errorf("%w: no Stripe price has lookup key %s: run `stableaudio-server billing sync`", ErrStripe, key)
	}
	b.found.Store(key, pr.ID)
	return pr.ID, nil
}

// tierOfPrice maps a Stripe price back to the tier it sells: by lookup key, else by the
// tier in its metadata; "" for a price that is not ours.
func (b *Billing) tierOfPrice(pr *stripe.Price) plan.Tier {
	if pr == nil {
		return ""
	}
	for _, p := range b.plans.Plans {
		if pr.LookupKey != "" && pr.LookupKey == LookupKey(p.Tier) {
			return p.Tier
		}
	}
	if t, err := plan.ParseTier(pr.Metadata["tier"]); err == nil {
		return t
	}
	return ""
}

// checkKey requires a client idempotency key, as the ledger does.
func checkKey(key string) error {
	if key == "" || len(key) > 200 {
		return fmt.Errorf("%w: an idempotency key of 1 to 200 characters is required", ErrBadRequest)
	}
	return nil
}
