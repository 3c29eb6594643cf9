package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
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

// Sign-ups allowed per client address: each costs a password hash and a database row.
const (
	SignUpLimit  = 10
	SignUpWindow = time.Hour
)

// Service signs people up and in and checks their sessions.
type Service struct {
	run     RunTx
	hasher  Hasher
	limits  *SignInLimits
	signUps *Limiter // per client address
	now     func() time.Time
	// hashing bounds how many password hashes run at once: each takes the hasher's memory
	// (19 MiB by default), so a burst of sign-ins cannot exhaust the server's.
	hashing chan struct{}
	// dummyHash is verified against when an email has no account, so that a sign-in
	// takes as long for unknown addresses as for known ones.
	dummyHash string
}

// NewService returns the service; now is the clock (nil = time.Now), which the rate limits
// follow too.
func NewService(run RunTx, hasher Hasher, limits *SignInLimits, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	dummy, err := hasher.Hash("dummy password for timing")
	if err != nil {
		return nil, err
	}
	signUps := NewLimiter(SignUpLimit, SignUpWindow)
	for _, l := range []*Limiter{limits.PerEmail, limits.PerAddr, signUps} {
		l.Now = now
	}
	return &Service{run: run, hasher: hasher, limits: limits, signUps: signUps, now: now, dummyHash: dummy,
		hashing: make(chan struct{}, 2*runtime.NumCPU())}, nil
}

func (s *Service) hash(password string) (string, error) {
	s.hashing <- struct{}{}
	defer func() { <-s.hashing }()
	return s.hasher.Hash(password)
}

func (s *Service) verify(encoded, password string) (bool, error) {
	s.hashing <- struct{}{}
	defer func() { <-s.hashing }()
	return s.hasher.Verify(encoded, password)
}

// SignUp creates a Free account and signs it in, returning the session token. addr is the
// client's network address: each may make SignUpLimit accounts per SignUpWindow.
func (s *Service) SignUp(ctx context.Context, email, password, addr string) (Account, string, error) {
	if ok, wait := s.signUps.Allow(addrKey(addr)); !ok {
		return Account{}, "", &RateLimitError{Wait: wait}
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, "", err
	}
	if err := ValidatePassword(password); err != nil {
		return Account{}, "", err
	}
	hash, err := s.hash(password)
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
// for the rate limits. Every failure is ErrInvalidCredentials or a *RateLimitError.
func (s *Service) SignIn(ctx context.Context, email, password, addr string) (Account, string, error) {
	if wait, err := s.limits.Check(email, addr); err != nil {
		return Account{}, "", &RateLimitError{Wait: wait}
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
		return Account{}, "", err
	}
	ok, verr := s.verify(hash, password)
	if verr != nil || !ok || emailErr != nil || err != nil {
		return Account{}, "", ErrInvalidCredentials
	}
	s.limits.Succeeded(email, addr)
	var token string
	err = s.run(ctx, func(tx Tx) error {
		var err error
		token, err = s.startSession(ctx, tx, a.ID, s.now().UTC())
		return err
	})
	return a, token, err
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
// other session of the account. Wrong current passwords count against the same limits as
// sign-ins, so a stolen session cannot be used to guess the password quickly.
func (s *Service) ChangePassword(ctx context.Context, token, current, next, addr string) error {
	a, sess, err := s.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	if wait, err := s.limits.Check(a.Email, addr); err != nil {
		return &RateLimitError{Wait: wait}
	}
	ok, err := s.verify(a.PasswordHash, current)
	if err != nil {
		return fmt.Errorf("account %s: stored password hash: %w", a.ID, err) // corrupt storage, not a user mistake
	}
	if !ok {
		return ErrInvalidCredentials
	}
	s.limits.Succeeded(a.Email, addr)
	if err := ValidatePassword(next); err != nil {
		return err
	}
	hash, err := s.hash(next)
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
