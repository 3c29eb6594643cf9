package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/plan"
)

// Tx is what the account service needs from storage inside one transaction.
type Tx interface {
	CreateAccount(ctx context.Context, a Account) error
	AccountByID(ctx context.Context, id string) (Account, error)
	AccountByEmail(ctx context.Context, email string) (Account, error)
	UpdateAccount(ctx context.Context, a Account) error
	CreateSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, tokenHash string) (Session, error)
	RevokeSession(ctx context.Context, tokenHash string, at time.Time) error
	RevokeAccountSessions(ctx context.Context, accountID, keepHash string, at time.Time) error
}

// RunTx runs fn in a transaction, committed when it returns nil.
type RunTx func(ctx context.Context, fn func(Tx) error) error

// Service signs people up and in and checks their sessions.
type Service struct {
	run    RunTx
	hasher Hasher
	limits *SignInLimits
	now    func() time.Time
	// dummyHash is verified against when an email has no account, so that a sign-in
	// takes as long for unknown addresses as for known ones.
	dummyHash string
}

// NewService returns the service; now is the clock (nil = time.Now).
func NewService(run RunTx, hasher Hasher, limits *SignInLimits, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	dummy, err := hasher.Hash("dummy password for timing")
	if err != nil {
		return nil, err
	}
	return &Service{run: run, hasher: hasher, limits: limits, now: now, dummyHash: dummy}, nil
}

// SignUp creates a Free account and signs it in, returning the session token.
func (s *Service) SignUp(ctx context.Context, email, password string) (Account, string, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, "", err
	}
	if err := ValidatePassword(password); err != nil {
		return Account{}, "", err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return Account{}, "", err
	}
	now := s.now().UTC()
	a := Account{ID: newAccountID(), Email: email, PasswordHash: hash, Tier: plan.TierFree, Anchor: now, CreatedAt: now}
	var token string
	err = s.run(ctx, func(tx Tx) error {
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		token, err = s.startSession(ctx, tx, a.ID, now)
		return err
	})
	if err != nil {
		return Account{}, "", err
	}
	return a, token, nil
}

// SignIn checks a password and starts a session. addr is the client's network address,
// for the rate limits. Every failure is ErrInvalidCredentials or ErrRateLimited.
func (s *Service) SignIn(ctx context.Context, email, password, addr string) (Account, string, time.Duration, error) {
	if wait, err := s.limits.Check(email, addr); err != nil {
		return Account{}, "", wait, err
	}
	normalized, emailErr := NormalizeEmail(email)
	var a Account
	err := s.run(ctx, func(tx Tx) error {
		var err error
		a, err = tx.AccountByEmail(ctx, normalized)
		return err
	})
	hash := a.PasswordHash
	if emailErr != nil || errors.Is(err, ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		return Account{}, "", 0, err
	}
	ok, verr := s.hasher.Verify(hash, password)
	if verr != nil || !ok || emailErr != nil || err != nil {
		return Account{}, "", 0, ErrInvalidCredentials
	}
	s.limits.Succeeded(email, addr)
	var token string
	err = s.run(ctx, func(tx Tx) error {
		var err error
		token, err = s.startSession(ctx, tx, a.ID, s.now().UTC())
		return err
	})
	return a, token, 0, err
}

// Authenticate returns the account and session of a token, or ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (Account, Session, error) {
	if !LooksLikeToken(token) {
		return Account{}, Session{}, ErrUnauthenticated
	}
	var (
		a    Account
		sess Session
	)
	err := s.run(ctx, func(tx Tx) error {
		var err error
		if sess, err = tx.SessionByHash(ctx, HashToken(token)); err != nil {
			return err
		}
		if !sess.Valid(s.now()) {
			return ErrUnauthenticated
		}
		a, err = tx.AccountByID(ctx, sess.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return Account{}, Session{}, ErrUnauthenticated
	}
	return a, sess, err
}

// SignOut revokes the session of token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, sess, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	return s.run(ctx, func(tx Tx) error { return tx.RevokeSession(ctx, sess.TokenHash, s.now().UTC()) })
}

// ChangePassword replaces the password after checking the current one, and signs out every
// other session of the account.
func (s *Service) ChangePassword(ctx context.Context, token, current, next string) error {
	a, sess, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	if ok, err := s.hasher.Verify(a.PasswordHash, current); err != nil || !ok {
		return ErrInvalidCredentials
	}
	if err := ValidatePassword(next); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	return s.run(ctx, func(tx Tx) error {
		a, err := tx.AccountByID(ctx, a.ID)
		if err != nil {
			return err
		}
		a.PasswordHash = hash
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		return tx.RevokeAccountSessions(ctx, a.ID, sess.TokenHash, s.now().UTC())
	})
}

func (s *Service) startSession(ctx context.Context, tx Tx, accountID string, now time.Time) (string, error) {
	token, sess, err := NewSession(accountID, now)
	if err != nil {
		return "", err
	}
	if err := tx.CreateSession(ctx, sess); err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return token, nil
}

func newAccountID() string {
	var b [12]byte
	rand.Read(b[:])
	return "acc_" + hex.EncodeToString(b[:])
}
