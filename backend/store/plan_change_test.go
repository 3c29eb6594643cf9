package store

import (
	"context"
	"testing"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// An upgrade mid-period tops what is left up to the new tier's level (Pro 500 → Studio
// 1350 with 200 spent leaves 1150, not 1350 + 300), keeps the renewal, and applying it a
// second time (the app's request, then the webhook) changes nothing.
func TestUpgradeTopsUpOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "up@example.com", plan.TierPro, date("2026-03-01 12:00"))
		if _, err := l.Debit(ctx, a.ID, ledger.Credits, 200, "spent", "generation"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := db.InTx(ctx, func(tx *Tx) error { _, err := l.Upgrade(ctx, tx, a.ID, plan.TierStudio); return err }); err != nil {
				t.Fatal(err)
			}
		}
		s := mustState(t, l, a.ID)
		if s.Plan.Tier != plan.TierStudio || s.Credits != 1150 || s.UploadSeconds != 3600 {
			t.Fatalf("after the upgrade: %s, %d credits, %d upload s; want studio, 1150, 3600", s.Plan.Tier, s.Credits, s.UploadSeconds)
		}
		if !s.PeriodEnd.Equal(date("2026-04-01 12:00")) {
			t.Fatalf("renewal moved to %s", s.PeriodEnd)
		}
		err := db.InTx(ctx, func(tx *Tx) error { _, err := l.Upgrade(ctx, tx, a.ID, plan.TierPro); return err })
		if err == nil {
			t.Fatal("Studio to Pro was taken as an upgrade")
		}
	})
}

// A scheduled downgrade keeps the tier until the renewal, then the new period is granted
// on the lower tier, once.
func TestScheduledDowngradeLandsAtRenewal(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "down@example.com", plan.TierMax, date("2026-02-20 10:30"))
		err := db.InTx(ctx, func(tx *Tx) error {
			got, err := l.ScheduleTier(ctx, tx, a.ID, plan.TierPro)
			if err == nil && !got.ScheduledAt.Equal(date("2026-03-20 10:30")) {
				t.Errorf("scheduled for %s, want the renewal", got.ScheduledAt)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Set(date("2026-03-20 10:29"))
		if s := mustState(t, l, a.ID); s.Plan.Tier != plan.TierMax || s.Credits != 4500 {
			t.Fatalf("a minute before renewal: %s with %d credits", s.Plan.Tier, s.Credits)
		}
		c.Set(date("2026-03-20 10:30"))
		if s := mustState(t, l, a.ID); s.Plan.Tier != plan.TierPro || s.Credits != 500 || s.Account.ScheduledTier != "" {
			t.Fatalf("at renewal: %s with %d credits (scheduled %q)", s.Plan.Tier, s.Credits, s.Account.ScheduledTier)
		}
	})
}

// Switching to Free (a cancellation) forfeits the rest of the paid period through expiries
// named for the reason, and the month's free grant is not given twice.
func TestSwitchToFreeForfeitsThePaidAllowance(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-02 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "bye@example.com", plan.TierFree, c.Now())
		mustState(t, l, a.ID) // March's free grant
		err := db.InTx(ctx, func(tx *Tx) error {
			_, err := l.SwitchPlan(ctx, tx, a.ID, plan.TierPro, c.Now(), "subscribed to Pro")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Set(date("2026-03-05 09:00"))
		err = db.InTx(ctx, func(tx *Tx) error {
			_, err := l.SwitchPlan(ctx, tx, a.ID, plan.TierFree, c.Now(), "cancelled: the rest of the Pro allowance is forfeited")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s := mustState(t, l, a.ID)
		if s.Plan.Tier != plan.TierFree || s.Credits != 0 {
			t.Fatalf("after cancelling: %s with %d credits; March's free credits were already given", s.Plan.Tier, s.Credits)
		}
		history, _ := l.History(ctx, a.ID, 0, 50)
		forfeited := false
		for _, e := range history {
			if e.Kind == ledger.Expiry && e.Asset == ledger.Credits && e.Amount == -500 && e.Reference == "cancelled: the rest of the Pro allowance is forfeited" {
				forfeited = true
			}
		}
		if !forfeited {
			t.Fatalf("no expiry of the 500 Pro credits in %+v", history)
		}
		c.Set(date("2026-04-01 00:00"))
		if s := mustState(t, l, a.ID); s.Credits != 20 {
			t.Fatalf("April on Free: %d credits", s.Credits)
		}
	})
}
