package account

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestNewTokenFormat(t *testing.T) {
	token, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, TokenPrefix) || len(token) != TokenLen || TokenLen != 46 {
		t.Fatalf("token %q: want %q prefix and %d (=46) characters", token, TokenPrefix, TokenLen)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, TokenPrefix))
	if err != nil || len(raw) != 32 {
		t.Fatalf("token body is not 32 bytes of unpadded base64url: %d bytes, %v", len(raw), err)
	}
	if hash != HashToken(token) {
		t.Errorf("NewToken's hash %q is not HashToken(token) %q", hash, HashToken(token))
	}
	if b, err := hex.DecodeString(hash); err != nil || len(b) != 32 || hash != strings.ToLower(hash) {
		t.Errorf("hash %q is not 64 lowercase hex digits", hash)
	}
	if !LooksLikeToken(token) {
		t.Errorf("LooksLikeToken(%q) = false", token)
	}
}

func TestNewTokenUnique(t *testing.T) {
	const n = 10_000
	tokens, hashes := make(map[string]bool, n), make(map[string]bool, n)
	for range n {
		token, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if tokens[token] || hashes[hash] {
			t.Fatalf("repeated token or hash after %d tokens", len(tokens))
		}
		tokens[token], hashes[hash] = true, true
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256 test vector from FIPS 180-2.
	if got, want := HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("HashToken(abc) = %s, want %s", got, want)
	}
	if HashToken("sa_a") == HashToken("sa_b") {
		t.Error("different tokens hash alike")
	}
}

func TestLooksLikeToken(t *testing.T) {
	good, _, _ := NewToken()
	body := strings.TrimPrefix(good, TokenPrefix)
	tests := []struct {
		name string
		s    string
		want bool
	}{
		{"fresh token", good, true},
		{"all A", TokenPrefix + strings.Repeat("A", 43), true},
		{"empty", "", false},
		{"prefix only", TokenPrefix, false},
		{"no prefix", body, false},
		{"other prefix", "sb_" + body, false},
		{"upper-case prefix", "SA_" + body, false},
		{"one character short", good[:len(good)-1], false},
		{"one character long", good + "A", false},
		{"standard base64 alphabet", TokenPrefix + strings.Repeat("+", 43), false},
		{"padding", TokenPrefix + body[:42] + "=", false},
		{"stray trailing bits", TokenPrefix + strings.Repeat("A", 42) + "B", false},
		{"space", TokenPrefix + body[:42] + " ", false},
	}
	for _, tt := range tests {
		if got := LooksLikeToken(tt.s); got != tt.want {
			t.Errorf("%s: LooksLikeToken(%q) = %v, want %v", tt.name, tt.s, got, tt.want)
		}
	}
}

func TestNewSession(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	token, s, err := NewSession("acc_1", now)
	if err != nil {
		t.Fatal(err)
	}
	if s.TokenHash != HashToken(token) || s.AccountID != "acc_1" || !s.CreatedAt.Equal(now) ||
		!s.ExpiresAt.Equal(now.Add(30*24*time.Hour)) || s.RevokedAt != nil {
		t.Errorf("NewSession = %+v", s)
	}
	if strings.Contains(s.TokenHash, token) {
		t.Error("the stored session contains the token")
	}
}

func TestSessionValid(t *testing.T) {
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	expires := created.Add(SessionLifetime)
	past, future := created.Add(time.Hour), expires.Add(time.Hour)
	active := Session{TokenHash: "h", AccountID: "a", CreatedAt: created, ExpiresAt: expires}
	revoked := func(at time.Time) Session { s := active; s.RevokedAt = &at; return s }

	tests := []struct {
		name string
		s    Session
		now  time.Time
		want bool
	}{
		{"just created", active, created, true},
		{"half way", active, created.Add(15 * 24 * time.Hour), true},
		{"one nanosecond before expiry", active, expires.Add(-time.Nanosecond), true},
		{"at expiry", active, expires, false},
		{"after expiry", active, expires.Add(time.Second), false},
		{"revoked", revoked(past), created.Add(2 * time.Hour), false},
		{"revoked, asked before the revocation time", revoked(past), created, false},
		{"revoked with a future time", revoked(future), created, false},
		{"zero session", Session{}, created, false},
		{"same instant in another zone", active, expires.In(time.FixedZone("X", 5*3600)), false},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(tt.now); got != tt.want {
			t.Errorf("%s: Valid(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
	}
}
