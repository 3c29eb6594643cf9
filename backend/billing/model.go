package billing

import (
	"context"
	"time"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// Subscription is a Stripe subscription as the server last read it from Stripe.
type Subscription struct {
	ID        string
	AccountID string
	Status    string // Stripe's: active, past_due, canceled, incomplete, …
	Tier      plan.Tier
	ItemID    string // the subscription item whose price is changed on upgrade
	PriceID   string
	// Anchor is the moment the subscription started; renewals follow it (billing_cycle_anchor).
	Anchor, PeriodStart, PeriodEnd time.Time
	ScheduleID                     string // the schedule holding a downgrade, "" when none
	// PaymentProblem tells the user a renewal payment failed while Stripe retries it.
	PaymentProblem       string
	CreatedAt, UpdatedAt time.Time
}

// Live reports a subscription that holds a paid tier: paid, or unpaid while Stripe
// retries the card (the tier is kept meanwhile).
func (s Subscription) Live() bool {
	return s.Status == "active" || s.Status == "trialing" || s.Status == "past_due"
}

// Payment is a paid invoice.
type Payment struct {
	InvoiceID      string
	AccountID      string
	SubscriptionID string
	ChargeID       string
	Reason         string // Stripe's billing_reason: subscription_create, subscription_cycle, subscription_update
	Amount, Tax    int64  // Amount includes Tax; the currency's smallest unit
	Currency       string
	// The period the invoice's subscription line pays for.
	PeriodStart, PeriodEnd time.Time
	PaidAt                 time.Time
	Refunded               int64
	Disputed               bool
}

// RefundStatus is where a refund request stands.
type RefundStatus string

const (
	RefundQueued   RefundStatus = "queued"   // waiting for staff
	RefundApproved RefundStatus = "approved" // granted, money not yet returned
	RefundRefunded RefundStatus = "refunded" // money returned, account on Free
	RefundDeclined RefundStatus = "declined"
)

// RefundRequest is a user's request with the figures it was judged by, taken when it was
// made: staff decide later on the same figures.
type RefundRequest struct {
	ID, AccountID, Key, Reason string
	RequestedAt                time.Time
	SubscriptionID             string
	ChargedAt                  time.Time // the latest charge of the period
	PeriodStart, PeriodEnd     time.Time
	Paid                       int64 // charged in the period, tax included
	Currency                   string
	CreditsGranted             int64
	CreditsUsed                int64
	EarlierRefunds             int // refunds and disputes the account had before: possible abuse
	Status                     RefundStatus
	RefundAmount               int64
	DecidedBy, Note            string
	DecidedAt                  time.Time
}

// Tx is what billing needs from storage inside one transaction; the ledger's part comes
// with it, so an event's effects and its id commit together.
type Tx interface {
	ledger.Tx
	// CustomerOf is the account's Stripe customer id, "" before the first.
	CustomerOf(ctx context.Context, accountID string) (string, error)
	SetCustomer(ctx context.Context, accountID, customerID string) error
	// AccountByCustomer finds the account of a Stripe customer (account.ErrNotFound).
	AccountByCustomer(ctx context.Context, customerID string) (string, error)
	// MarkEventApplied records an event; false when it was recorded before.
	MarkEventApplied(ctx context.Context, id, typ, accountID string, created, applied time.Time) (bool, error)
	EventApplied(ctx context.Context, id string) (bool, error)
	PutSubscription(ctx context.Context, s Subscription) error
	Subscription(ctx context.Context, id string) (Subscription, bool, error)
	// CurrentSubscription is the account's newest live subscription, else its newest: a
	// stray one that never became live does not hide the one that is.
	CurrentSubscription(ctx context.Context, accountID string) (Subscription, bool, error)
	// PutPayment records a paid invoice; false when it was recorded before.
	PutPayment(ctx context.Context, p Payment) (bool, error)
	PaymentByCharge(ctx context.Context, chargeID string) (Payment, bool, error)
	UpdatePayment(ctx context.Context, p Payment) error
	// Payments lists a subscription's payments made at or after since, oldest first.
	Payments(ctx context.Context, subscriptionID string, since time.Time) ([]Payment, error)
	InsertRefundRequest(ctx context.Context, r RefundRequest) (bool, error)
	RefundRequestByKey(ctx context.Context, accountID, key string) (RefundRequest, bool, error)
	RefundRequest(ctx context.Context, id string) (RefundRequest, bool, error)
	UpdateRefundRequest(ctx context.Context, r RefundRequest) error
	// RefundRequests lists requests newest first: an account's ("" for all), with a status
	// ("" for any).
	RefundRequests(ctx context.Context, accountID string, status RefundStatus, limit int) ([]RefundRequest, error)
	// RefundsAndDisputes counts an account's refunded requests and disputed payments.
	RefundsAndDisputes(ctx context.Context, accountID string) (int, error)
}

// RunTx runs fn in a transaction, committed when it returns nil.
type RunTx func(ctx context.Context, fn func(Tx) error) error
