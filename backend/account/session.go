package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// TokenPrefix starts every session token. It makes a leaked token recognisable to secret
// scanners and in logs, and lets the API reject other strings without a lookup.
const TokenPrefix = "sa_"

// tokenBytes of randomness make a token unguessable: 256 bits, so even a billion live
// sessions leave an online guesser no realistic chance.
const tokenBytes = 32

// TokenLen is the length of every token NewToken returns: the prefix plus 43 characters
// of unpadded base64url (6 bits per character, rounded up).
const TokenLen = len(TokenPrefix) + (tokenBytes*8+5)/6

// SessionLifetime is how long a session lasts from sign-in. The desktop app stays signed
// in across restarts, so a month spares users frequent password prompts; revoking a
// session (sign-out, password change) ends it sooner.
const SessionLifetime = 30 * 24 * time.Hour

// NewToken returns a new random session token for the client and the hash to store.
// The server keeps only the hash, so a leaked database does not hand out live sessions.
// The token uses the base64url alphabet so it can travel in headers, cookies and URLs
// without escaping.
func NewToken() (token string, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new session token: read random bytes: %w", err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the hex SHA-256 of a token, the form tokens are stored and looked up
// in. A fast hash is right here, unlike for passwords: a token carries 256 random bits, so
// there is no dictionary to try and no amount of hashing speed makes brute force feasible,
// while a slow hash would cost argon2's time on every authenticated request. Being
// deterministic and unsalted is what lets the store find a session by the hash.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// LooksLikeToken reports whether s has the shape NewToken produces. The API can use it to
// answer ErrUnauthenticated for garbage without touching the database; it says nothing
// about whether the token belongs to a session.
func LooksLikeToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(s) != TokenLen {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil && len(b) == tokenBytes
}

// Session is a signed-in device as the server stores it. It holds the token's hash, never
// the token.
type Session struct {
	TokenHash string // HashToken of the client's token
	AccountID string
	CreatedAt time.Time
	ExpiresAt time.Time  // CreatedAt + SessionLifetime
	RevokedAt *time.Time // set on sign-out or password change; nil while active
}

// NewSession starts a session for an account at now, returning the token to give the
// client once and the Session to store.
func NewSession(accountID string, now time.Time) (token string, s Session, err error) {
	token, hash, err := NewToken()
	if err != nil {
		return "", Session{}, err
	}
	return token, Session{
		TokenHash: hash,
		AccountID: accountID,
		CreatedAt: now,
		ExpiresAt: now.Add(SessionLifetime),
	}, nil
}

// Valid reports whether the session may authenticate a request at now: not revoked and
// strictly before ExpiresAt, so at the expiry instant itself the session is already over.
// Any RevokedAt counts, even one in the future: revocation is meant to act at once, and the
// time is kept only as a record of when it happened.
func (s Session) Valid(now time.Time) bool {
	return s.RevokedAt == nil && now.Before(s.ExpiresAt)
}
