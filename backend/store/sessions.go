package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/account"
)

// CreateSession stores a new session (its token only as a hash).
func (t *Tx) CreateSession(ctx context.Context, s account.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.AccountID, micros(s.CreatedAt), micros(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByHash reads a session by its token's hash; a missing one is account.ErrNotFound.
func (t *Tx) SessionByHash(ctx context.Context, tokenHash string) (account.Session, error) {
	var (
		s                account.Session
		created, expires int64
		revoked          sql.NullInt64
	)
	err := t.queryRow(ctx, `SELECT token_hash, account_id, created_at, expires_at, revoked_at FROM sessions WHERE token_hash = ?`,
		tokenHash).Scan(&s.TokenHash, &s.AccountID, &created, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return account.Session{}, account.ErrNotFound
	}
	if err != nil {
		return account.Session{}, fmt.Errorf("store: read session: %w", err)
	}
	s.CreatedAt, s.ExpiresAt = fromMicros(created), fromMicros(expires)
	if revoked.Valid {
		at := fromMicros(revoked.Int64)
		s.RevokedAt = &at
	}
	return s, nil
}

// RevokeSession ends one session (sign out).
func (t *Tx) RevokeSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`, micros(at), tokenHash)
	return err
}

// RevokeAccountSessions ends every session of an account except keepHash (a password
// change signs out the other desktops).
func (t *Tx) RevokeAccountSessions(ctx context.Context, accountID, keepHash string, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND token_hash <> ? AND revoked_at IS NULL`,
		micros(at), accountID, keepHash)
	return err
}
