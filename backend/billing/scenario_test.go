package billing_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// One account through a year of billing on the test clock, checking the plan and the
// ledger after every step. Prices: Pro 11.99, Studio 29.99 USD a month; the fake adds 20 %
// tax on top, as Stripe Tax would for a customer where VAT is 20 %.
func TestAYearOfBilling(t *testing.T) {
	inWorlds(t, at("2026-01-31 14:05"), func(t *testing.T, w *world) {
		acc := w.signUp("producer@example.com")
		w.expect("signed up", acc, plan.TierFree, 20, 120)

		// Subscribe to Pro on the 31st: Pro's allowance at once, the free remainder expires.
		sub := w.subscribe(acc, plan.TierPro, "subscribe-1")
		w.deliverQueued()
		s := w.expect("subscribed", acc, plan.TierPro, 500, 1800)
		if !s.PeriodEnd.Equal(at("2026-02-28 14:05")) {
			t.Fatalf("first renewal %s, want Feb 28 14:05 (the 31st clamped to February)", s.PeriodEnd)
		}
		if paid := w.paidFor(sub, "subscription_create"); paid != 1439 {
			t.Fatalf("first charge %d, want 1439 (11.99 + 20%% tax)", paid)
		}

		// Renewals: the unused credits expire and a fresh period is granted, on the 31st again
		// when the month has one.
		w.spend(acc, 100, "feb-work")
		w.renewTo(at("2026-02-28 15:05"))
		w.expect("renewed in February", acc, plan.TierPro, 500, 1800)
		w.renewTo(at("2026-03-31 15:05"))
		s = w.expect("renewed in March", acc, plan.TierPro, 500, 1800)
		if !s.PeriodStart.Equal(at("2026-03-31 14:05")) || !s.PeriodEnd.Equal(at("2026-04-30 14:05")) {
			t.Fatalf("March period %s – %s, want Mar 31 14:05 – Apr 30 14:05", s.PeriodStart, s.PeriodEnd)
		}
		if n := w.entries(acc)["expiry credits"]; n != 3 {
			t.Fatalf("%d credit expiries, want 3 (free January, Pro February, Pro March)", n)
		}

		// Upgrade to Studio halfway through the period: charged the prorated difference with tax,
		// exactly as previewed; the allowance is topped up to Studio's level; the renewal stays.
		w.spend(acc, 50, "april-work")
		w.clock.Set(at("2026-04-15 14:05"))
		preview, err := w.bill.PreviewUpgrade(w.ctx, acc, plan.TierStudio)
		if err != nil {
			t.Fatal(err)
		}
		half := 0.5 // 15 of the period's 30 days are left
		wantAmount := int64(math.Round(2999*half)) - int64(math.Round(1199*half))
		if preview.Amount != wantAmount || preview.Total != preview.Amount+preview.Tax || preview.Tax == 0 {
			t.Fatalf("upgrade preview %+v; want %d before tax, tax on top", preview, wantAmount)
		}
		res, err := w.bill.Upgrade(w.ctx, acc, plan.TierStudio, "upgrade-1", preview.At)
		if err != nil {
			t.Fatal(err)
		}
		if res.Charged != preview.Total {
			t.Fatalf("upgrade charged %d, the preview said %d", res.Charged, preview.Total)
		}
		s = w.expect("upgraded", acc, plan.TierStudio, 450+850, 1800+1800)
		if !s.PeriodEnd.Equal(at("2026-04-30 14:05")) {
			t.Fatalf("the upgrade moved the renewal to %s", s.PeriodEnd)
		}
		w.deliverQueued() // Stripe's own news of the upgrade changes nothing more
		w.expect("upgrade events delivered", acc, plan.TierStudio, 1300, 3600)

		// Downgrade to Pro: nothing changes until the renewal, which Stripe charges at Pro's price.
		w.clock.Set(at("2026-04-20 10:00"))
		if _, err := w.bill.Downgrade(w.ctx, acc, plan.TierPro, "downgrade-1"); err != nil {
			t.Fatal(err)
		}
		s = w.expect("downgrade scheduled", acc, plan.TierStudio, 1300, 3600)
		if s.Account.ScheduledTier != plan.TierPro || !s.Account.ScheduledAt.Equal(at("2026-04-30 14:05")) {
			t.Fatalf("scheduled %q at %s; want pro at the renewal", s.Account.ScheduledTier, s.Account.ScheduledAt)
		}
		w.renewTo(at("2026-04-30 15:05"))
		w.expect("downgrade landed", acc, plan.TierPro, 500, 1800)
		if paid := w.paidFor(sub, "subscription_cycle"); paid != 1439 {
			t.Fatalf("the renewal after the downgrade charged %d, want Pro's 1439", paid)
		}

		// A refund asked 30 h after that charge with 1 % of the credits used: granted at once,
		// the money goes back, the subscription ends, the account is on Free.
		w.spend(acc, 5, "may-work")
		w.clock.Set(at("2026-05-01 21:05"))
		r, err := w.bill.RequestRefund(w.ctx, acc, "refund-1", "not for me")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != billing.RefundRefunded || r.RefundAmount != 1439 || r.CreditsUsed != 5 || r.CreditsGranted != 500 {
			t.Fatalf("refund at 30 h with 1%% used: %+v", r)
		}
		if w.fake.SubscriptionStatus(sub) != "canceled" {
			t.Fatalf("the refunded subscription is %s in Stripe", w.fake.SubscriptionStatus(sub))
		}
		w.expect("refunded", acc, plan.TierFree, 20, 120) // May's free allowance, the first this month
		w.deliverQueued()
		w.expect("refund events delivered", acc, plan.TierFree, 20, 120)

		// Subscribed again, a second refund asked 60 h after the charge: queued for staff, flagged.
		w.clock.Set(at("2026-05-10 09:00"))
		sub2 := w.subscribe(acc, plan.TierPro, "subscribe-2")
		w.deliverQueued()
		w.expect("subscribed again", acc, plan.TierPro, 500, 1800)
		w.clock.Set(at("2026-05-12 21:00"))
		queued, err := w.bill.RequestRefund(w.ctx, acc, "refund-2", "")
		if err != nil {
			t.Fatal(err)
		}
		if queued.Status != billing.RefundQueued || queued.EarlierRefunds != 1 || !strings.Contains(queued.Why(), "60.0 h") ||
			!strings.Contains(queued.Why(), "possible abuse") {
			t.Fatalf("refund at 60 h: %+v (%s)", queued, queued.Why())
		}
		w.expect("refund queued", acc, plan.TierPro, 500, 1800)

		// Cancel: Free at once, the rest of the paid allowance forfeited through the ledger.
		w.clock.Set(at("2026-05-20 12:00"))
		if _, err := w.bill.Cancel(w.ctx, acc, "cancel-1"); err != nil {
			t.Fatal(err)
		}
		w.expect("cancelled", acc, plan.TierFree, 0, 0) // May's free allowance was already given
		if w.fake.SubscriptionStatus(sub2) != "canceled" {
			t.Fatalf("the cancelled subscription is %s in Stripe", w.fake.SubscriptionStatus(sub2))
		}
		w.mustForfeit(acc, 500, "cancelled: the rest of the Pro allowance is forfeited")
		w.deliverQueued()

		// Staff prorate the queued request later; the amount is judged by when it was asked.
		w.clock.Set(at("2026-05-26 09:00"))
		decided, err := w.bill.Prorate(w.ctx, queued.ID, "staff@example.com")
		if err != nil {
			t.Fatal(err)
		}
		left := float64(at("2026-06-10 09:00").Sub(at("2026-05-12 21:00"))) / float64(at("2026-06-10 09:00").Sub(at("2026-05-10 09:00")))
		if want := int64(1439 * left); decided.Status != billing.RefundRefunded || decided.RefundAmount != want {
			t.Fatalf("prorated refund %+v; want %d (%.3f of 1439, by the time asked)", decided, want, left)
		}
		w.deliverQueued()
		w.expect("after staff's decision", acc, plan.TierFree, 0, 0)

		// The rest of the year on Free: 20 credits on the 1st of each month.
		for m := time.June; m <= time.December; m++ {
			w.clock.Set(time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC))
			w.expect(m.String(), acc, plan.TierFree, 20, 120)
		}
		if n := w.entries(acc)["grant credits"]; n != 1+3+1+1+1+1+7 { // Jan free; Pro Jan 31, Feb 28, Mar 31; top-up; Pro Apr 30; May free; Pro May 10; Jun–Dec
			t.Fatalf("%d credit grants over the year", n)
		}
	})
}

// renewTo moves the clock and Stripe to t and delivers Stripe's renewal events.
func (w *world) renewTo(t time.Time) {
	w.t.Helper()
	w.clock.Set(t)
	w.fake.AdvanceTo(t)
	w.deliverQueued()
}

// paidFor is the amount of the subscription's latest invoice with this billing reason.
func (w *world) paidFor(sub, reason string) int64 {
	w.t.Helper()
	var latest int64
	for _, inv := range w.fake.Invoices(sub) {
		if inv.Reason == reason {
			latest = inv.Paid
		}
	}
	return latest
}

func (w *world) mustForfeit(accountID string, credits int64, reason string) {
	w.t.Helper()
	all, err := w.ledger.History(w.ctx, accountID, 0, 1000)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range all {
		if e.Kind == ledger.Expiry && e.Asset == ledger.Credits && e.Amount == -credits && e.Reference == reason {
			return
		}
	}
	w.t.Fatalf("no expiry of %d credits with %q", credits, reason)
}
