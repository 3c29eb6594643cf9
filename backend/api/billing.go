package api

import (
	"errors"
	"io"
	"net/http"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/plan"
)

// Billing: the account's plan and what it can buy, links to Stripe Checkout and the
// customer portal (opened in the browser), upgrade (with a preview of the prorated charge),
// downgrade, cancel and refund requests; and Stripe's webhook. Every POST that changes
// something takes an Idempotency-Key header, from which the keys sent to Stripe are made.
// Without a Stripe key every billing route answers 503 billing_not_configured.

// MaxWebhookBytes bounds a Stripe event; real ones are a few kilobytes.
const MaxWebhookBytes = 1 << 20

type billingJSON struct {
	Tier              plan.Tier    `json:"tier"`
	PlanName          string       `json:"planName"`
	Status            string       `json:"status"` // "free", or the subscription's status in Stripe
	Credits           int64        `json:"credits"`
	UploadSecondsLeft int64        `json:"uploadSecondsLeft"`
	PeriodStart       time.Time    `json:"periodStart"`
	RenewsAt          time.Time    `json:"renewsAt"`
	ScheduledTier     *plan.Tier   `json:"scheduledTier"`
	ScheduledAt       *time.Time   `json:"scheduledAt"`
	PaymentProblem    string       `json:"paymentProblem"`
	Offers            []offerJSON  `json:"offers"`
	Refunds           []refundJSON `json:"refunds"`
	Charged           *chargedJSON `json:"charged"` // set by the change that charged now
}

type offerJSON struct {
	Tier           plan.Tier `json:"tier"`
	Name           string    `json:"name"`
	MonthlyPrice   int64     `json:"monthlyPrice"`
	Currency       string    `json:"currency"`
	MonthlyCredits int64     `json:"monthlyCredits"`
	UploadSeconds  int64     `json:"uploadSeconds"`
}

type chargedJSON struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type refundJSON struct {
	ID           string               `json:"id"`
	Status       billing.RefundStatus `json:"status"`
	RequestedAt  time.Time            `json:"requestedAt"`
	Paid         int64                `json:"paid"`
	RefundAmount int64                `json:"refundAmount"`
	Currency     string               `json:"currency"`
	Message      string               `json:"message"`
}

type previewJSON struct {
	Tier          plan.Tier `json:"tier"`
	Amount        int64     `json:"amount"`
	Tax           int64     `json:"tax"`
	Total         int64     `json:"total"`
	Currency      string    `json:"currency"`
	ProrationDate time.Time `json:"prorationDate"`
	RenewsAt      time.Time `json:"renewsAt"`
}

type urlJSON struct {
	URL string `json:"url"`
}

type receivedJSON struct {
	Received bool `json:"received"`
}

type tierRequest struct {
	Tier plan.Tier `json:"tier"`
	// ProrationDate is the preview's, so the upgrade charges exactly what was shown.
	ProrationDate *time.Time `json:"prorationDate,omitempty"`
}

type refundRequestJSON struct {
	Reason string `json:"reason"`
}

// billingRequest is what every billing handler starts from.
type billingRequest struct {
	b       *billing.Billing
	account string
	key     string // the Idempotency-Key header
}

// billingRequest refuses when billing is off, reads the JSON body into body (when not
// nil) and names the caller and the request's key.
func (s *Server) billingRequest(r *http.Request, body any) (billingRequest, error) {
	if s.bill == nil {
		return billingRequest{}, billing.ErrNotConfigured
	}
	if body != nil {
		if err := decodeJSON(r, body); err != nil {
			return billingRequest{}, err
		}
	}
	return billingRequest{s.bill, callerFrom(r).account.ID, r.Header.Get("Idempotency-Key")}, nil
}

// getBilling: GET /v1/accounts/{id}/billing.
func (s *Server) getBilling(w http.ResponseWriter, r *http.Request) error {
	br, err := s.billingRequest(r, nil)
	if err != nil {
		return err
	}
	return writeBilling(w, r, br, billing.ChangeResult{})
}

// writeBilling answers with the account's billing, and what a change just charged.
func writeBilling(w http.ResponseWriter, r *http.Request, br billingRequest, change billing.ChangeResult) error {
	st, err := br.b.Status(r.Context(), br.account)
	if err != nil {
		return err
	}
	out := billingJSON{Tier: st.State.Plan.Tier, PlanName: st.State.Plan.Name, Status: "free", Credits: st.State.Credits,
		UploadSecondsLeft: st.State.UploadSeconds, PeriodStart: utc(st.State.PeriodStart), RenewsAt: utc(st.State.PeriodEnd),
		Offers: []offerJSON{}, Refunds: []refundJSON{}}
	if change.Charged != 0 {
		out.Charged = &chargedJSON{change.Charged, change.Currency}
	}
	if sub := st.Subscription; sub != nil && sub.Live() {
		out.Status, out.PaymentProblem = sub.Status, sub.PaymentProblem
	}
	if a := st.State.Account; a.ScheduledTier != "" {
		tier, when := a.ScheduledTier, utc(a.ScheduledAt)
		out.ScheduledTier, out.ScheduledAt = &tier, &when
	}
	for _, o := range st.Offers {
		allow := o.Plan.Allowance(plan.Limits{})
		out.Offers = append(out.Offers, offerJSON{Tier: o.Plan.Tier, Name: o.Plan.Name, MonthlyPrice: o.Price, Currency: o.Currency,
			MonthlyCredits: allow.Credits, UploadSeconds: allow.UploadSeconds})
	}
	for _, rr := range st.Refunds {
		out.Refunds = append(out.Refunds, toRefundJSON(rr))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func toRefundJSON(r billing.RefundRequest) refundJSON {
	msg := map[billing.RefundStatus]string{
		billing.RefundQueued:   "Your request is with our team; you will have an answer within 2–3 business days.",
		billing.RefundApproved: "Your refund is granted and is being paid back.",
		billing.RefundRefunded: "Refunded. Your account is on the Free plan.",
		billing.RefundDeclined: "Your refund request was declined.",
	}[r.Status]
	if r.Status == billing.RefundDeclined && r.Note != "" {
		msg += " " + r.Note
	}
	return refundJSON{ID: r.ID, Status: r.Status, RequestedAt: utc(r.RequestedAt), Paid: r.Paid, RefundAmount: r.RefundAmount,
		Currency: r.Currency, Message: msg}
}

// postCheckout: POST /v1/accounts/{id}/billing/checkout {"tier": "pro"}.
func (s *Server) postCheckout(w http.ResponseWriter, r *http.Request) error {
	var req tierRequest
	br, err := s.billingRequest(r, &req)
	if err != nil {
		return err
	}
	return writeLink(w)(br.b.Checkout(r.Context(), br.account, req.Tier, br.key))
}

// postPortal: POST /v1/accounts/{id}/billing/portal.
func (s *Server) postPortal(w http.ResponseWriter, r *http.Request) error {
	br, err := s.billingRequest(r, nil)
	if err != nil {
		return err
	}
	return writeLink(w)(br.b.Portal(r.Context(), br.account, br.key))
}

// writeLink answers with a page for the browser, or the error that prevented it.
func writeLink(w http.ResponseWriter) func(url string, err error) error {
	return func(url string, err error) error {
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, urlJSON{url})
		return nil
	}
}

// getUpgradePreview: GET /v1/accounts/{id}/billing/upgrade?tier=studio.
func (s *Server) getUpgradePreview(w http.ResponseWriter, r *http.Request) error {
	br, err := s.billingRequest(r, nil)
	if err != nil {
		return err
	}
	tier, err := plan.ParseTier(r.URL.Query().Get("tier"))
	if err != nil {
		return err
	}
	pv, err := br.b.PreviewUpgrade(r.Context(), br.account, tier)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, previewJSON{Tier: pv.Tier, Amount: pv.Amount, Tax: pv.Tax, Total: pv.Total, Currency: pv.Currency,
		ProrationDate: utc(pv.At), RenewsAt: utc(pv.PeriodEnd)})
	return nil
}

// postUpgrade: POST /v1/accounts/{id}/billing/upgrade {"tier": "studio", "prorationDate": …}.
func (s *Server) postUpgrade(w http.ResponseWriter, r *http.Request) error {
	var req tierRequest
	br, err := s.billingRequest(r, &req)
	if err != nil {
		return err
	}
	var at time.Time
	if req.ProrationDate != nil {
		at = *req.ProrationDate
	}
	return writeChange(w, r, br)(br.b.Upgrade(r.Context(), br.account, req.Tier, br.key, at))
}

// postDowngrade: POST /v1/accounts/{id}/billing/downgrade {"tier": "pro"}.
func (s *Server) postDowngrade(w http.ResponseWriter, r *http.Request) error {
	var req tierRequest
	br, err := s.billingRequest(r, &req)
	if err != nil {
		return err
	}
	return writeChange(w, r, br)(br.b.Downgrade(r.Context(), br.account, req.Tier, br.key))
}

// postCancel: POST /v1/accounts/{id}/billing/cancel.
func (s *Server) postCancel(w http.ResponseWriter, r *http.Request) error {
	br, err := s.billingRequest(r, nil)
	if err != nil {
		return err
	}
	return writeChange(w, r, br)(br.b.Cancel(r.Context(), br.account, br.key))
}

// writeChange answers a plan change with the account's billing after it.
func writeChange(w http.ResponseWriter, r *http.Request, br billingRequest) func(billing.ChangeResult, error) error {
	return func(res billing.ChangeResult, err error) error {
		if err != nil {
			return err
		}
		return writeBilling(w, r, br, res)
	}
}

// postRefund: POST /v1/accounts/{id}/billing/refunds {"reason": "…"}.
func (s *Server) postRefund(w http.ResponseWriter, r *http.Request) error {
	var req refundRequestJSON
	br, err := s.billingRequest(r, &req)
	if err != nil {
		return err
	}
	rr, err := br.b.RequestRefund(r.Context(), br.account, br.key, req.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRefundJSON(rr))
	return nil
}

// postStripeWebhook: POST /v1/stripe/webhook, from Stripe, checked by its signature.
func (s *Server) postStripeWebhook(w http.ResponseWriter, r *http.Request) error {
	if s.bill == nil {
		return billing.ErrNotConfigured
	}
	payload, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return invalidRequest("could not read the event: %v", err)
	}
	if err := s.bill.HandleWebhook(r.Context(), payload, r.Header.Get("Stripe-Signature")); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, receivedJSON{Received: true})
	return nil
}

// getBillingReturn: GET /v1/billing/return, where the browser lands after Checkout or the
// portal. The app learns the outcome from the account (Stripe's webhook), not from here.
func (s *Server) getBillingReturn(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, `<!doctype html><meta charset="utf-8"><title>Stable Audio</title>`+
		`<body style="font-family:sans-serif;margin:3em"><h1>All set</h1><p>You can close this tab and go back to Stable Audio.</p>`)
	return nil
}
