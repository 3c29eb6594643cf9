package billing_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
	"stableaudio/backend/plan"
)

// A delivery whose signature is forged, stale, missing or over a changed body is refused
// with ErrBadSignature and changes nothing; the genuine one then applies.
func TestWebhookSignaturesAreChecked(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		acc := w.signUp("sig@example.com")
		w.subscribe(acc, plan.TierPro, "k1")
		var created stripefake.Event
		for _, ev := range w.fake.Events() {
			if ev.Type == "customer.subscription.created" {
				created = ev
			}
		}
		tampered := []byte(string(created.Payload[:len(created.Payload)-1]) + " }")
		for name, delivery := range map[string]struct {
			payload []byte
			header  string
		}{
			"forged":   {created.Payload, stripefake.Sign(created.Payload, "whsec_someone_else", time.Now())},
			"stale":    {created.Payload, stripefake.Sign(created.Payload, webhookSecret, time.Now().Add(-6*time.Minute))},
			"missing":  {created.Payload, ""},
			"tampered": {tampered, stripefake.Sign(created.Payload, webhookSecret, time.Now())},
		} {
			if err := w.bill.HandleWebhook(w.ctx, delivery.payload, delivery.header); !isErr(err, billing.ErrBadSignature) {
				t.Errorf("%s signature: %v, want ErrBadSignature", name, err)
			}
			w.expect(name+" signature", acc, plan.TierFree, 20, 120)
		}
		w.deliver(created)
		w.expect("genuine", acc, plan.TierPro, 500, 1800)
	})
}

// Every event of a subscription delivered five times, two of them at once, grants once.
func TestRepeatedEventsApplyOnce(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		acc := w.signUp("repeat@example.com")
		w.subscribe(acc, plan.TierPro, "k1")
		events := w.fake.Events()
		for range 3 {
			w.deliver(events...)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, ev := range events {
					if err := w.bill.HandleWebhook(context.Background(), ev.Payload, stripefake.Sign(ev.Payload, webhookSecret, time.Now())); err != nil {
						t.Errorf("%s: %v", ev.Type, err)
					}
				}
			}()
		}
		wg.Wait()
		w.expect("five deliveries", acc, plan.TierPro, 500, 1800)
		if n := w.entries(acc)["grant credits"]; n != 2 {
			t.Fatalf("%d credit grants, want 2 (the free month, then Pro once)", n)
		}
	})
}

// subscription.updated (an upgrade made in Stripe) delivered before subscription.created:
// the account ends on the newer state, and the older event, arriving last, does not undo it.
func TestUpdatedBeforeCreatedEndsInTheRightState(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		acc := w.signUp("order@example.com")
		sub := w.subscribe(acc, plan.TierPro, "k1")
		first := w.fake.Events() // created (Pro), invoice.paid, checkout completed
		w.fake.ChangePrice(sub, w.fake.PriceID(billing.LookupKey(plan.TierStudio)))
		updated := w.fake.Events()
		w.deliver(updated...)
		w.expect("updated first", acc, plan.TierStudio, 1350, 3600)
		w.deliver(first...)
		s := w.expect("created last", acc, plan.TierStudio, 1350, 3600)
		if !s.PeriodEnd.Equal(at("2026-04-10 09:00")) {
			t.Fatalf("renewal %s, want the subscription's anchor a month on", s.PeriodEnd)
		}
	})
}

// invoice.paid for a renewal grants the new period and expires what was left of the old,
// once, even when it arrives before the server's clock reaches the renewal.
func TestRenewalInvoiceGrantsAFreshPeriod(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		acc := w.signUp("renew@example.com")
		w.subscribe(acc, plan.TierPro, "k1")
		w.deliverQueued()
		w.spend(acc, 120, "march")
		w.expect("before renewal", acc, plan.TierPro, 380, 1800)
		w.fake.AdvanceTo(at("2026-04-10 09:00"))
		w.clock.Set(at("2026-04-10 08:59")) // our clock a minute behind Stripe's
		events := w.fake.Events()
		w.deliver(events...)
		w.deliver(events...)
		s := w.expect("after renewal", acc, plan.TierPro, 500, 1800)
		if !s.PeriodStart.Equal(at("2026-04-10 09:00")) {
			t.Fatalf("period starts %s, want the renewal", s.PeriodStart)
		}
		c := w.entries(acc)
		if c["grant credits"] != 3 || c["expiry credits"] != 2 {
			t.Fatalf("ledger %v; want grants: free March, Pro March, Pro April; expiries: free March, Pro March", c)
		}
		w.mustForfeit(acc, 380, "period ended")
	})
}

// A failed renewal payment keeps the tier while Stripe retries, and the user is told.
func TestFailedRenewalKeepsTheTierAndTellsTheUser(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		acc := w.signUp("late@example.com")
		w.subscribe(acc, plan.TierPro, "k1")
		w.deliverQueued()
		w.fake.DeclineCards = true
		w.clock.Set(at("2026-04-10 10:00"))
		w.fake.AdvanceTo(w.clock.Now())
		w.deliverQueued()
		w.expect("payment failed", acc, plan.TierPro, 500, 1800)
		st, err := w.bill.Status(w.ctx, acc)
		if err != nil {
			t.Fatal(err)
		}
		if st.Subscription == nil || st.Subscription.Status != "past_due" ||
			st.Subscription.PaymentProblem != "The payment of $14.39 for Pro failed. Stripe will try the card again; update it in Manage payments to keep Pro." {
			t.Fatalf("status after a failed payment: %+v", st.Subscription)
		}
		// An upgrade while the card is declined is refused and changes nothing.
		if _, err := w.bill.Upgrade(w.ctx, acc, plan.TierMax, "up", time.Time{}); !isErr(err, billing.ErrPaymentFailed) {
			t.Fatalf("upgrade with a declined card: %v", err)
		}
		w.expect("upgrade refused", acc, plan.TierPro, 500, 1800)
	})
}

// Refund requests outside the automatic rule wait for staff: too late, too much used,
// or a dispute before (flagged as possible abuse); a declined one changes nothing.
func TestRefundRulesAndTheStaffQueue(t *testing.T) {
	inWorlds(t, at("2026-03-10 09:00"), func(t *testing.T, w *world) {
		cases := []struct {
			name       string
			used       int64
			after      time.Duration
			dispute    bool
			wantStatus billing.RefundStatus
		}{
			{"on time, 1.8% used", 9, 47 * time.Hour, false, billing.RefundRefunded},
			{"2% used", 10, time.Hour, false, billing.RefundQueued},
			{"49 h after", 0, 49 * time.Hour, false, billing.RefundQueued},
			{"disputed before", 0, time.Hour, true, billing.RefundQueued},
		}
		for i, c := range cases {
			w.clock.Set(at("2026-03-10 09:00").Add(time.Duration(i) * 24 * 90 * time.Hour))
			acc := w.signUp(c.name + "@example.com")
			if c.dispute {
				sub := w.subscribe(acc, plan.TierPro, "first")
				w.deliverQueued()
				w.fake.Dispute(w.fake.Invoices(sub)[0].ID)
				w.deliverQueued()
				w.expect(c.name+": disputed", acc, plan.TierFree, 0, 0)
				w.clock.Set(w.clock.Now().Add(time.Hour))
			}
			w.subscribe(acc, plan.TierPro, "k")
			w.deliverQueued()
			if c.used > 0 {
				w.spend(acc, c.used, "work")
			}
			w.clock.Set(w.clock.Now().Add(c.after))
			r, err := w.bill.RequestRefund(w.ctx, acc, "refund", "")
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			again, err := w.bill.RequestRefund(w.ctx, acc, "refund", "")
			if err != nil || again.ID != r.ID {
				t.Fatalf("%s: asking again with the same key made %+v (%v)", c.name, again, err)
			}
			if r.Status != c.wantStatus {
				t.Fatalf("%s: %s (%s), want %s", c.name, r.Status, r.Why(), c.wantStatus)
			}
			if r.Status == billing.RefundQueued {
				d, err := w.bill.Decline(w.ctx, r.ID, "staff", "outside the rules")
				if err != nil || d.Status != billing.RefundDeclined {
					t.Fatalf("%s: decline %+v %v", c.name, d, err)
				}
				w.expect(c.name+": declined", acc, plan.TierPro, 500-c.used, 1800)
				if _, err := w.bill.Grant(w.ctx, r.ID, "staff"); !isErr(err, billing.ErrNotQueued) {
					t.Fatalf("%s: granting a declined request: %v", c.name, err)
				}
			}
		}
		queue, err := w.bill.Refunds(w.ctx, "", billing.RefundDeclined, 10)
		if err != nil || len(queue) != 3 {
			t.Fatalf("declined requests %d (%v), want 3", len(queue), err)
		}
	})
}
