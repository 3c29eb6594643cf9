package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

func TestAccountsAndSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		now := date("2026-03-10 09:00")
		a := createAccount(t, db, "ana@example.com", plan.TierFree, now)
		err := db.InTx(ctx, func(tx *Tx) error {
			return tx.CreateAccount(ctx, account.Account{ID: "other", Email: "ana@example.com", Tier: plan.TierFree, Anchor: now, CreatedAt: now})
		})
		if !errors.Is(err, account.ErrEmailTaken) {
			t.Fatalf("second account with one email: %v, want ErrEmailTaken", err)
		}
		credits := int64(9000)
		err = db.InTx(ctx, func(tx *Tx) error {
			got, err := tx.AccountByEmail(ctx, "ana@example.com")
			if err != nil {
				return err
			}
			if got.ID != a.ID || !got.Anchor.Equal(now) || got.Tier != plan.TierFree || got.Limits.MonthlyCredits != nil {
				t.Errorf("read back %+v", got)
			}
			got.Tier, got.Limits.MonthlyCredits, got.Staff = plan.TierEnterprise, &credits, true
			return tx.UpdateAccount(ctx, got)
		})
		if err != nil {
			t.Fatal(err)
		}
		db.InTx(ctx, func(tx *Tx) error {
			got, err := tx.AccountByID(ctx, a.ID)
			if err != nil || got.Tier != plan.TierEnterprise || got.Limits.MonthlyCredits == nil || *got.Limits.MonthlyCredits != 9000 || !got.Staff {
				t.Errorf("after update: %+v %v", got, err)
			}
			if _, err := tx.AccountByID(ctx, "nobody"); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("unknown id: %v", err)
			}
			return nil
		})

		s1 := account.Session{TokenHash: "h1", AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		s2 := account.Session{TokenHash: "h2", AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		err = db.InTx(ctx, func(tx *Tx) error {
			if err := tx.CreateSession(ctx, s1); err != nil {
				return err
			}
			if err := tx.CreateSession(ctx, s2); err != nil {
				return err
			}
			return tx.RevokeAccountSessions(ctx, a.ID, "h1", now.Add(time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		db.InTx(ctx, func(tx *Tx) error {
			kept, err := tx.SessionByHash(ctx, "h1")
			if err != nil || kept.RevokedAt != nil || !kept.ExpiresAt.Equal(s1.ExpiresAt) {
				t.Errorf("kept session: %+v %v", kept, err)
			}
			gone, err := tx.SessionByHash(ctx, "h2")
			if err != nil || gone.RevokedAt == nil {
				t.Errorf("other session not revoked: %+v %v", gone, err)
			}
			if _, err := tx.SessionByHash(ctx, "forged"); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("unknown token: %v", err)
			}
			return nil
		})
	})
}
