package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

var _ account.Tx = (*Tx)(nil)

const accountColumns = `id, email, password_hash, tier, anchor_at, period_start, period_end,
	custom_credits, custom_upload_seconds, staff, created_at, scheduled_tier, scheduled_at`

// CreateAccount inserts a new account; a taken email is account.ErrEmailTaken.
func (t *Tx) CreateAccount(ctx context.Context, a account.Account) error {
	_, err := t.exec(ctx, `INSERT INTO accounts (`+accountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Email, a.PasswordHash, string(a.Tier), micros(a.Anchor), micros(a.PeriodStart), micros(a.PeriodEnd),
		a.Limits.MonthlyCredits, a.Limits.UploadSeconds, flag(a.Staff), micros(a.CreatedAt), string(a.ScheduledTier), micros(a.ScheduledAt))
	if isUniqueViolation(err) {
		return account.ErrEmailTaken
	}
	if err != nil {
		return fmt.Errorf("store: create account: %w", err)
	}
	return nil
}

// AccountByID reads an account; a missing one is account.ErrNotFound.
func (t *Tx) AccountByID(ctx context.Context, id string) (account.Account, error) {
	return t.scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
}

// AccountByEmail reads an account by its normalised email.
func (t *Tx) AccountByEmail(ctx context.Context, email string) (account.Account, error) {
	return t.scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE email = ?`, email))
}

// LockAccount reads an account and holds it for the rest of the transaction.
func (t *Tx) LockAccount(ctx context.Context, id string) (account.Account, error) {
	return t.scanAccount(t.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = ?`+t.db.forUpdate(), id))
}

// UpdateAccount writes every mutable field of a.
func (t *Tx) UpdateAccount(ctx context.Context, a account.Account) error {
	res, err := t.exec(ctx, `UPDATE accounts SET email = ?, password_hash = ?, tier = ?, anchor_at = ?,
		period_start = ?, period_end = ?, custom_credits = ?, custom_upload_seconds = ?, staff = ?,
		scheduled_tier = ?, scheduled_at = ? WHERE id = ?`,
		a.Email, a.PasswordHash, string(a.Tier), micros(a.Anchor), micros(a.PeriodStart), micros(a.PeriodEnd),
		a.Limits.MonthlyCredits, a.Limits.UploadSeconds, flag(a.Staff), string(a.ScheduledTier), micros(a.ScheduledAt), a.ID)
	if isUniqueViolation(err) {
		return account.ErrEmailTaken
	}
	if err != nil {
		return fmt.Errorf("store: update account: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", account.ErrNotFound, a.ID)
	}
	return nil
}

func (t *Tx) scanAccount(row *sql.Row) (account.Account, error) {
	var (
		a                                  account.Account
		tier, scheduledTier                string
		anchor, start, end, created, sched int64
		customCredits, customUploadSeconds sql.NullInt64
		staff                              int
	)
	err := row.Scan(&a.ID, &a.Email, &a.PasswordHash, &tier, &anchor, &start, &end,
		&customCredits, &customUploadSeconds, &staff, &created, &scheduledTier, &sched)
	if errors.Is(err, sql.ErrNoRows) {
		return account.Account{}, account.ErrNotFound
	}
	if err != nil {
		return account.Account{}, fmt.Errorf("store: read account: %w", err)
	}
	a.Tier, a.Staff, a.ScheduledTier, a.ScheduledAt = plan.Tier(tier), staff == 1, plan.Tier(scheduledTier), fromMicros(sched)
	a.Anchor, a.PeriodStart, a.PeriodEnd, a.CreatedAt = fromMicros(anchor), fromMicros(start), fromMicros(end), fromMicros(created)
	if customCredits.Valid {
		a.Limits.MonthlyCredits = &customCredits.Int64
	}
	if customUploadSeconds.Valid {
		a.Limits.UploadSeconds = &customUploadSeconds.Int64
	}
	return a, nil
}

// flag stores a bool as the 0/1 integer both databases accept.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// micros stores a time as microseconds since the epoch; the zero time is 0.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}
