package cloud

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Billing is the account's plan as the billing API shows it, with what it can buy.
type Billing struct {
	Tier              string     `json:"tier"`
	PlanName          string     `json:"planName"`
	Status            string     `json:"status"` // "free", "active", "past_due", …
	Credits           int64      `json:"credits"`
	UploadSecondsLeft int64      `json:"uploadSecondsLeft"`
	PeriodStart       time.Time  `json:"periodStart"`
	RenewsAt          time.Time  `json:"renewsAt"`
	ScheduledTier     *string    `json:"scheduledTier"`
	ScheduledAt       *time.Time `json:"scheduledAt"`
	PaymentProblem    string     `json:"paymentProblem"`
	Offers            []Offer    `json:"offers"`
	Refunds           []Refund   `json:"refunds"`
	Charged           *Charged   `json:"charged"`
}

// Offer is a tier on sale.
type Offer struct {
	Tier           string `json:"tier"`
	Name           string `json:"name"`
	MonthlyPrice   int64  `json:"monthlyPrice"` // before tax, in the currency's smallest unit
	Currency       string `json:"currency"`
	MonthlyCredits int64  `json:"monthlyCredits"`
	UploadSeconds  int64  `json:"uploadSeconds"`
}

// Charged is what a plan change charged now, tax included.
type Charged struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Refund is a refund request and where it stands.
type Refund struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"` // queued, approved, refunded, declined
	RequestedAt  time.Time `json:"requestedAt"`
	Paid         int64     `json:"paid"`
	RefundAmount int64     `json:"refundAmount"`
	Currency     string    `json:"currency"`
	Message      string    `json:"message"`
}

// UpgradePreview is what an upgrade would charge now.
type UpgradePreview struct {
	Tier          string    `json:"tier"`
	Amount        int64     `json:"amount"`
	Tax           int64     `json:"tax"`
	Total         int64     `json:"total"`
	Currency      string    `json:"currency"`
	ProrationDate time.Time `json:"prorationDate"`
	RenewsAt      time.Time `json:"renewsAt"`
}

type tierBody struct {
	Tier          string     `json:"tier"`
	ProrationDate *time.Time `json:"prorationDate,omitempty"`
}

type link struct {
	URL string `json:"url"`
}

// Billing reads the account's billing.
func (c *Client) Billing(ctx context.Context) (Billing, error) {
	var b Billing
	err := c.do(ctx, http.MethodGet, "/accounts/me/billing", nil, &b)
	return b, err
}

// Checkout returns the Stripe Checkout page that subscribes to tier. key names this
// request: a retry with the same key gets the same page.
func (c *Client) Checkout(ctx context.Context, tier, key string) (string, error) {
	var l link
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/checkout", key, tierBody{Tier: tier}, &l)
	return l.URL, err
}

// Portal returns the Stripe customer portal page.
func (c *Client) Portal(ctx context.Context, key string) (string, error) {
	var l link
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/portal", key, nil, &l)
	return l.URL, err
}

// PreviewUpgrade asks what moving to tier would charge now.
func (c *Client) PreviewUpgrade(ctx context.Context, tier string) (UpgradePreview, error) {
	var p UpgradePreview
	err := c.do(ctx, http.MethodGet, "/accounts/me/billing/upgrade?"+url.Values{"tier": {tier}}.Encode(), nil, &p)
	return p, err
}

// Upgrade moves to tier now, charged as previewed at prorationDate (zero: now).
func (c *Client) Upgrade(ctx context.Context, tier string, prorationDate time.Time, key string) (Billing, error) {
	body := tierBody{Tier: tier}
	if !prorationDate.IsZero() {
		body.ProrationDate = &prorationDate
	}
	var b Billing
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/upgrade", key, body, &b)
	return b, err
}

// Downgrade moves to tier from the next renewal.
func (c *Client) Downgrade(ctx context.Context, tier, key string) (Billing, error) {
	var b Billing
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/downgrade", key, tierBody{Tier: tier}, &b)
	return b, err
}

// Cancel ends the subscription now.
func (c *Client) Cancel(ctx context.Context, key string) (Billing, error) {
	var b Billing
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/cancel", key, nil, &b)
	return b, err
}

// RequestRefund asks for this period's payments back.
func (c *Client) RequestRefund(ctx context.Context, reason, key string) (Refund, error) {
	var r Refund
	err := c.doKeyed(ctx, http.MethodPost, "/accounts/me/billing/refunds", key, struct {
		Reason string `json:"reason"`
	}{reason}, &r)
	return r, err
}
