package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"stableaudio/app/cloud"
)

// Billing from the avatar menu: the plan and what it can buy, Stripe Checkout and the
// customer portal opened in the user's browser, upgrade (after a preview of the charge),
// downgrade, cancel and refund requests. Each user action sends its own idempotency key.

// BillingInfo is the plan view.
type BillingInfo struct {
	// Configured is false when the account server does not sell plans; Message says so.
	Configured        bool         `json:"configured"`
	Message           string       `json:"message"`
	Tier              string       `json:"tier"`
	PlanName          string       `json:"planName"`
	Status            string       `json:"status"` // "free", "active", "past_due"
	Credits           int64        `json:"credits"`
	UploadSecondsLeft int64        `json:"uploadSecondsLeft"`
	RenewsAt          string       `json:"renewsAt"`      // RFC 3339, UTC
	ScheduledTier     string       `json:"scheduledTier"` // a downgrade waiting for the renewal, "" when none
	ScheduledAt       string       `json:"scheduledAt"`
	PaymentProblem    string       `json:"paymentProblem"`
	Offers            []OfferInfo  `json:"offers"`
	Refunds           []RefundInfo `json:"refunds"`
	// ChargedAmount is what the change just made charged (tax included), 0 when nothing.
	ChargedAmount   int64  `json:"chargedAmount"`
	ChargedCurrency string `json:"chargedCurrency"`
}

// OfferInfo is a tier on sale.
type OfferInfo struct {
	Tier           string `json:"tier"`
	Name           string `json:"name"`
	MonthlyPrice   int64  `json:"monthlyPrice"` // before tax, in the currency's smallest unit
	Currency       string `json:"currency"`
	MonthlyCredits int64  `json:"monthlyCredits"`
	UploadSeconds  int64  `json:"uploadSeconds"`
}

// RefundInfo is a refund request and where it stands.
type RefundInfo struct {
	ID           string `json:"id"`
	Status       string `json:"status"` // queued, approved, refunded, declined
	RequestedAt  string `json:"requestedAt"`
	RefundAmount int64  `json:"refundAmount"`
	Currency     string `json:"currency"`
	Message      string `json:"message"`
}

// UpgradePreviewInfo is what an upgrade would charge now.
type UpgradePreviewInfo struct {
	Tier          string `json:"tier"`
	Amount        int64  `json:"amount"`
	Tax           int64  `json:"tax"`
	Total         int64  `json:"total"`
	Currency      string `json:"currency"`
	ProrationDate string `json:"prorationDate"` // pass it back to Upgrade to be charged exactly this
	RenewsAt      string `json:"renewsAt"`
}

// browser opens web pages in the user's browser. The Wails runtime is the real one;
// tests record the pages.
type browser interface {
	Open(url string) error
}

type wailsBrowser struct{ ctx context.Context }

func (w wailsBrowser) Open(url string) error {
	runtime.BrowserOpenURL(w.ctx, url)
	return nil
}

type noBrowser struct{}

func (noBrowser) Open(string) error {
	return errors.New("the app has no window to open a browser from")
}

// Billing reads the plan view; a server that does not sell plans gives Configured false.
func (a *App) Billing() (BillingInfo, error) {
	return a.billingCall(func(ctx context.Context, c *cloud.Local) (cloud.Billing, error) { return c.Billing(ctx) })
}

// OpenCheckout opens Stripe Checkout for tier in the browser.
func (a *App) OpenCheckout(tier string) error {
	return a.openPage(func(ctx context.Context, c *cloud.Local) (string, error) { return c.Checkout(ctx, tier, actionKey()) })
}

// OpenPortal opens Stripe's customer portal ("Manage payments") in the browser.
func (a *App) OpenPortal() error {
	return a.openPage(func(ctx context.Context, c *cloud.Local) (string, error) { return c.Portal(ctx, actionKey()) })
}

// PreviewUpgrade says what moving to tier would charge now.
func (a *App) PreviewUpgrade(tier string) (UpgradePreviewInfo, error) {
	p, err := withAccount(a, func(ctx context.Context, c *cloud.Local) (cloud.UpgradePreview, error) {
		return c.PreviewUpgrade(ctx, tier)
	})
	if err != nil {
		return UpgradePreviewInfo{}, toUI(err)
	}
	return UpgradePreviewInfo{Tier: p.Tier, Amount: p.Amount, Tax: p.Tax, Total: p.Total, Currency: p.Currency,
		ProrationDate: p.ProrationDate.UTC().Format(time.RFC3339), RenewsAt: p.RenewsAt.UTC().Format(time.RFC3339)}, nil
}

// Upgrade moves to tier now, charged as previewed at prorationDate ("" = now).
func (a *App) Upgrade(tier, prorationDate string) (BillingInfo, error) {
	var at time.Time
	if prorationDate != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, prorationDate); err != nil {
			return BillingInfo{}, toUI(errors.Join(errBadInput, err))
		}
	}
	return a.billingCall(func(ctx context.Context, c *cloud.Local) (cloud.Billing, error) {
		return c.Upgrade(ctx, tier, at, actionKey())
	})
}

// Downgrade moves to tier from the next renewal.
func (a *App) Downgrade(tier string) (BillingInfo, error) {
	return a.billingCall(func(ctx context.Context, c *cloud.Local) (cloud.Billing, error) {
		return c.Downgrade(ctx, tier, actionKey())
	})
}

// CancelSubscription ends the subscription now: Free at once, the rest of the period's
// allowance forfeited.
func (a *App) CancelSubscription() (BillingInfo, error) {
	return a.billingCall(func(ctx context.Context, c *cloud.Local) (cloud.Billing, error) { return c.Cancel(ctx, actionKey()) })
}

// RequestRefund asks for this period's payments back.
func (a *App) RequestRefund(reason string) (RefundInfo, error) {
	r, err := withAccount(a, func(ctx context.Context, c *cloud.Local) (cloud.Refund, error) {
		return c.RequestRefund(ctx, reason, actionKey())
	})
	if err != nil {
		return RefundInfo{}, toUI(err)
	}
	return toRefundInfo(r), nil
}

// billingCall asks for the plan view (or a change that answers with it); a server that
// does not sell plans gives Configured false and its message.
func (a *App) billingCall(call func(context.Context, *cloud.Local) (cloud.Billing, error)) (BillingInfo, error) {
	b, err := withAccount(a, call)
	var server *cloud.Error
	if errors.As(err, &server) && server.Code == "billing_not_configured" {
		return BillingInfo{Configured: false, Message: server.Message}, nil
	}
	if err != nil {
		return BillingInfo{}, toUI(err)
	}
	return toBillingInfo(b), nil
}

// openPage asks the account server for a Stripe page and opens it in the browser.
func (a *App) openPage(page func(context.Context, *cloud.Local) (string, error)) error {
	url, err := withAccount(a, page)
	if err != nil {
		return toUI(err)
	}
	return toUI(a.browser.Open(url))
}

// withAccount asks the signed-in account server one question, bounded by accountTimeout.
func withAccount[T any](a *App, ask func(context.Context, *cloud.Local) (T, error)) (T, error) {
	c, err := a.signedIn()
	if err != nil {
		var zero T
		return zero, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), accountTimeout)
	defer cancel()
	return ask(ctx, c)
}

func toBillingInfo(b cloud.Billing) BillingInfo {
	out := BillingInfo{Configured: true, Tier: b.Tier, PlanName: b.PlanName, Status: b.Status, Credits: b.Credits,
		UploadSecondsLeft: b.UploadSecondsLeft, RenewsAt: b.RenewsAt.UTC().Format(time.RFC3339),
		PaymentProblem: b.PaymentProblem, Offers: []OfferInfo{}, Refunds: []RefundInfo{}}
	for _, o := range b.Offers {
		out.Offers = append(out.Offers, OfferInfo(o))
	}
	if b.ScheduledTier != nil && b.ScheduledAt != nil {
		out.ScheduledTier, out.ScheduledAt = *b.ScheduledTier, b.ScheduledAt.UTC().Format(time.RFC3339)
	}
	if b.Charged != nil {
		out.ChargedAmount, out.ChargedCurrency = b.Charged.Amount, b.Charged.Currency
	}
	for _, r := range b.Refunds {
		out.Refunds = append(out.Refunds, toRefundInfo(r))
	}
	return out
}

func toRefundInfo(r cloud.Refund) RefundInfo {
	return RefundInfo{ID: r.ID, Status: r.Status, RequestedAt: r.RequestedAt.UTC().Format(time.RFC3339),
		RefundAmount: r.RefundAmount, Currency: r.Currency, Message: r.Message}
}

// actionKey names one user action for the server's idempotency: a retry of the request
// is the same action, a second click is a new one.
func actionKey() string {
	var b [12]byte
	rand.Read(b[:])
	return "app-" + hex.EncodeToString(b[:])
}
