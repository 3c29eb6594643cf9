package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

func TestFirstPeriodGrantsThePlan(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "free@example.com", plan.TierFree, c.Now())
		s := mustState(t, l, a.ID)
		if s.Credits != 20 || s.UploadSeconds != 120 {
			t.Fatalf("free account starts with %d credits, %d upload seconds; want 20 and 120", s.Credits, s.UploadSeconds)
		}
		if !s.PeriodStart.Equal(date("2026-03-01 00:00")) || !s.PeriodEnd.Equal(date("2026-04-01 00:00")) {
			t.Fatalf("period %s – %s, want March", s.PeriodStart, s.PeriodEnd)
		}
		if again := mustState(t, l, a.ID); again.Credits != 20 {
			t.Fatalf("reading twice granted twice: %d credits", again.Credits)
		}
	})
}

// 200 parallel debits of 1 credit at an account holding 50: exactly 50 succeed.
func TestParallelDebitsNeverOverdraw(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "busy@example.com", plan.TierFree, c.Now())
		if _, err := l.Grant(ctx, a.ID, ledger.Credits, 30, "bonus", "staff"); err != nil { // 20 + 30 = 50
			t.Fatal(err)
		}
		var (
			wg                   sync.WaitGroup
			mu                   sync.Mutex
			ok, short, otherErrs int
		)
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := l.Debit(ctx, a.ID, ledger.Credits, 1, fmt.Sprintf("job-%d", i), "generation")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, ledger.ErrInsufficientCredits):
					short++
				default:
					otherErrs++
					t.Errorf("debit %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if ok != 50 || short != 150 || otherErrs != 0 {
			t.Fatalf("%d succeeded, %d not enough credits, %d other errors; want 50 and 150", ok, short, otherErrs)
		}
		if s := mustState(t, l, a.ID); s.Credits != 0 {
			t.Fatalf("%d credits left, want 0", s.Credits)
		}
	})
}

// Replaying a debit with its idempotency key never debits twice, even when the replays race.
func TestReplayedDebitsCountOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "retry@example.com", plan.TierFree, c.Now())
		var wg sync.WaitGroup
		entries := make([]ledger.Entry, 20)
		for i := range entries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e, err := l.Debit(ctx, a.ID, ledger.Credits, 3, "same-request", "generation")
				if err != nil {
					t.Errorf("replay %d: %v", i, err)
				}
				entries[i] = e
			}()
		}
		wg.Wait()
		for _, e := range entries {
			if e.Seq != entries[0].Seq || e.Seq == 0 {
				t.Fatalf("replays returned different entries: %d vs %d", e.Seq, entries[0].Seq)
			}
		}
		if s := mustState(t, l, a.ID); s.Credits != 17 {
			t.Fatalf("%d credits left after 20 replays of a 3-credit debit, want 17", s.Credits)
		}
		if _, err := l.Debit(ctx, a.ID, ledger.Credits, 5, "same-request", "generation"); !errors.Is(err, ledger.ErrKeyReused) {
			t.Fatalf("same key, other amount: %v, want ErrKeyReused", err)
		}
		// A refund gives the debit back exactly once.
		for range 3 {
			if _, err := l.Refund(ctx, a.ID, "same-request", "job failed"); err != nil {
				t.Fatal(err)
			}
		}
		if s := mustState(t, l, a.ID); s.Credits != 20 {
			t.Fatalf("%d credits after refunding thrice, want 20", s.Credits)
		}
		if _, err := l.Refund(ctx, a.ID, "never-debited", "x"); !errors.Is(err, ledger.ErrNotFound) {
			t.Fatalf("refund of an unknown debit: %v", err)
		}
		if _, err := l.Debit(ctx, a.ID, ledger.UploadSeconds, 500, "long-upload", "upload"); !errors.Is(err, ledger.ErrInsufficientUploadSeconds) {
			t.Fatalf("upload over the allowance: %v", err)
		}
		if _, err := l.Debit(ctx, a.ID, ledger.Credits, 0, "zero", "x"); !errors.Is(err, ledger.ErrBadAmount) {
			t.Fatalf("zero debit: %v", err)
		}
	})
}

// Walks a Pro account subscribed on 31 January through three renewals, and a free one
// through the same months: each period grants the plan once and nothing rolls over.
func TestThreeMonthsOfRenewals(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-01-31 14:05")}
		l := newLedger(db, c)
		pro := createAccount(t, db, "pro@example.com", plan.TierPro, c.Now())
		free := createAccount(t, db, "free@example.com", plan.TierFree, c.Now())
		steps := []struct {
			at                  string
			spendPro, spendFree int64
			// balances read at "at", before spending
			proCredits, freeCredits int64
			proEnd, freeEnd         string
		}{
			{"2026-01-31 14:05", 100, 5, 500, 20, "2026-02-28 14:05", "2026-02-01 00:00"},
			{"2026-02-01 00:00", 50, 20, 400, 20, "2026-02-28 14:05", "2026-03-01 00:00"},
			{"2026-02-28 14:04", 0, 0, 350, 0, "2026-02-28 14:05", "2026-03-01 00:00"},
			{"2026-02-28 14:05", 499, 0, 500, 0, "2026-03-31 14:05", "2026-03-01 00:00"},
			{"2026-03-15 12:00", 0, 1, 1, 20, "2026-03-31 14:05", "2026-04-01 00:00"},
			{"2026-04-30 14:05", 0, 0, 500, 20, "2026-05-31 14:05", "2026-05-01 00:00"}, // slept through April
		}
		for i, st := range steps {
			c.Set(date(st.at))
			p, f := mustState(t, l, pro.ID), mustState(t, l, free.ID)
			if p.Credits != st.proCredits || f.Credits != st.freeCredits {
				t.Fatalf("step %d (%s): pro %d free %d credits; want %d and %d", i, st.at, p.Credits, f.Credits, st.proCredits, st.freeCredits)
			}
			if !p.PeriodEnd.Equal(date(st.proEnd)) || !f.PeriodEnd.Equal(date(st.freeEnd)) {
				t.Fatalf("step %d (%s): renewals %s and %s, want %s and %s", i, st.at, p.PeriodEnd, f.PeriodEnd, st.proEnd, st.freeEnd)
			}
			for _, spend := range []struct {
				id     string
				amount int64
			}{{pro.ID, st.spendPro}, {free.ID, st.spendFree}} {
				if spend.amount > 0 {
					if _, err := l.Debit(ctx, spend.id, ledger.Credits, spend.amount, fmt.Sprintf("step-%d", i), "generation"); err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				}
			}
		}
		// Every grant and expiry is in the history exactly once.
		history, err := l.History(ctx, pro.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[ledger.Kind]int{}
		for _, e := range history {
			if e.Asset == ledger.Credits {
				kinds[e.Kind]++
			}
		}
		if kinds[ledger.Grant] != 3 || kinds[ledger.Expiry] != 2 || kinds[ledger.Debit] != 3 {
			t.Fatalf("pro credit history %v, want 3 grants (April slept through), 2 expiries, 3 debits", kinds)
		}
	})
}

func TestLedgerIsAppendOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		a := createAccount(t, db, "x@example.com", plan.TierFree, c.Now())
		mustState(t, newLedger(db, c), a.ID)
		err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE ledger_entries SET amount = 1000000 WHERE account_id = ?`, a.ID)
			return err
		})
		if err == nil {
			t.Fatal("an UPDATE of a ledger entry succeeded")
		}
		if s := mustState(t, newLedger(db, c), a.ID); s.Credits != 20 {
			t.Fatalf("balance changed to %d", s.Credits)
		}
	})
}

func BenchmarkLedgerSQLite(b *testing.B) {
	db := openSQLite(b)
	c := &clock{now: time.Now().UTC()}
	l := newLedger(db, c)
	a := createAccount(b, db, "bench@example.com", plan.TierMax, c.Now())
	ctx := context.Background()
	if _, err := l.Grant(ctx, a.ID, ledger.Credits, 1<<40, "bench-grant", "benchmark"); err != nil {
		b.Fatal(err)
	}
	b.Run("balance", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.State(ctx, a.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
	})
	b.Run("debit", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			if _, err := l.Debit(ctx, a.ID, ledger.Credits, 1, fmt.Sprintf("bench-%d", i), "benchmark"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "debits/s")
	})
}

// Staff moving an account to Enterprise mid-period: the new allowance applies at once, what
// was left of the old one expires, and renewals follow from the change.
func TestStaffPlanChangeAppliesAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "big@example.com", plan.TierMax, date("2026-02-20 10:30"))
		if _, err := l.Debit(ctx, a.ID, ledger.Credits, 500, "before", "generation"); err != nil {
			t.Fatal(err)
		}
		c.Set(date("2026-03-12 16:00"))
		credits, upload := int64(20000), int64(36000)
		s, err := l.ChangePlan(ctx, a.ID, plan.TierEnterprise, plan.Limits{MonthlyCredits: &credits, UploadSeconds: &upload})
		if err != nil {
			t.Fatal(err)
		}
		if s.Credits != 20000 || s.UploadSeconds != 36000 || s.Plan.Tier != plan.TierEnterprise {
			t.Fatalf("after the change: %d credits, %d upload seconds on %s", s.Credits, s.UploadSeconds, s.Plan.Tier)
		}
		if !s.PeriodStart.Equal(date("2026-03-12 16:00")) || !s.PeriodEnd.Equal(date("2026-04-12 16:00")) {
			t.Fatalf("period %s – %s, want a month from the change", s.PeriodStart, s.PeriodEnd)
		}
		history, _ := l.History(ctx, a.ID, 0, 20)
		var expired int64
		for _, e := range history {
			if e.Kind == ledger.Expiry && e.Asset == ledger.Credits {
				expired += e.Amount
			}
		}
		if expired != -4000 {
			t.Fatalf("expired %d credits of the old period, want the 4000 left", expired)
		}
		if _, err := l.ChangePlan(ctx, a.ID, "platinum", plan.Limits{}); !errors.Is(err, plan.ErrUnknownTier) {
			t.Fatalf("unknown tier: %v", err)
		}
	})
}

// Many requests arriving together just after a renewal apply it once: one expiry of the old
// period and one grant of the new.
func TestConcurrentReadsApplyARenewalOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		c := &clock{now: date("2026-03-10 09:00")}
		l := newLedger(db, c)
		a := createAccount(t, db, "many@example.com", plan.TierFree, c.Now())
		if _, err := l.Debit(ctx, a.ID, ledger.Credits, 5, "march", "generation"); err != nil {
			t.Fatal(err)
		}
		c.Set(date("2026-04-01 00:00"))
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if s, err := l.State(ctx, a.ID); err != nil || s.Credits != 20 {
					t.Errorf("state after renewal: %d credits, %v", s.Credits, err)
				}
			}()
		}
		wg.Wait()
		history, err := l.History(ctx, a.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[ledger.Kind]int{}
		for _, e := range history {
			if e.Asset == ledger.Credits {
				kinds[e.Kind]++
			}
		}
		if kinds[ledger.Grant] != 2 || kinds[ledger.Expiry] != 1 {
			t.Fatalf("credit history %v, want 2 grants (March, April) and 1 expiry", kinds)
		}
	})
}
