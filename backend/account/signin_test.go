package account

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func newTestSignInLimits() (*SignInLimits, *fakeClock) {
	clock := newFakeClock()
	s := NewSignInLimits()
	s.PerEmail.Now, s.PerAddr.Now = clock.Now, clock.Now
	return s, clock
}

// fail runs one sign-in attempt that turns out wrong: Check and nothing else.
func fail(t *testing.T, s *SignInLimits, email, addr string) {
	t.Helper()
	if _, err := s.Check(email, addr); err != nil {
		t.Fatalf("Check(%s, %s) = %v before the limit", email, addr, err)
	}
}

func TestSignInLimitsPerEmail(t *testing.T) {
	s, clock := newTestSignInLimits()
	for i := range EmailFailureLimit {
		// Different addresses and spellings of one account share its allowance.
		fail(t, s, []string{"bob@x.com", " BOB@x.com", "Bob@X.COM\n"}[i%3], fmt.Sprint("10.0.0.", i))
		clock.Advance(time.Minute)
	}
	retry, err := s.Check("bob@x.com", "10.9.9.9")
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("attempt %d = %v, want ErrRateLimited", EmailFailureLimit+1, err)
	}
	if want := SignInWindow - EmailFailureLimit*time.Minute; retry != want {
		t.Errorf("retryAfter = %v, want %v", retry, want)
	}
	if _, err := s.Check("alice@x.com", "10.9.9.9"); err != nil {
		t.Errorf("another account is limited too: %v", err)
	}
	clock.Advance(retry)
	if _, err := s.Check("bob@x.com", "10.9.9.9"); err != nil {
		t.Errorf("still limited after waiting retryAfter: %v", err)
	}
}

func TestSignInLimitsPerAddr(t *testing.T) {
	s, _ := newTestSignInLimits()
	for i := range AddrFailureLimit { // password spraying: one guess per account
		fail(t, s, fmt.Sprintf("user%d@x.com", i), "203.0.113.7:50000")
	}
	// Another port and another address in the same IPv4 are the same client.
	if _, err := s.Check("new@x.com", "203.0.113.7:50001"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("21st account from one address = %v, want ErrRateLimited", err)
	}
	if _, err := s.Check("new@x.com", "203.0.113.8"); err != nil {
		t.Fatalf("a neighbouring address is limited too: %v", err)
	}
	// The refused attempt was not counted against new@x.com: it still has its whole allowance.
	for range EmailFailureLimit - 1 {
		fail(t, s, "new@x.com", "198.51.100.1")
	}
}

func TestSignInLimitsCountFailuresNotSuccesses(t *testing.T) {
	s, _ := newTestSignInLimits()
	for i := range 100 { // an office signing in correctly all day from one address
		email := fmt.Sprintf("user%d@x.com", i%7)
		if _, err := s.Check(email, "192.0.2.1"); err != nil {
			t.Fatalf("successful sign-in %d was limited: %v", i, err)
		}
		s.Succeeded(email, "192.0.2.1")
	}
	// A success wipes the account's earlier failures.
	for range EmailFailureLimit - 1 {
		fail(t, s, "bob@x.com", "192.0.2.2")
	}
	s.Check("bob@x.com", "192.0.2.2")
	s.Succeeded("bob@x.com", "192.0.2.2")
	for range EmailFailureLimit {
		fail(t, s, "bob@x.com", "192.0.2.3")
	}
}

func TestSignInLimitsReportTheLongerWait(t *testing.T) {
	s, clock := newTestSignInLimits()
	for i := range AddrFailureLimit {
		fail(t, s, fmt.Sprintf("u%d@x.com", i), "192.0.2.9")
	}
	clock.Advance(5 * time.Minute)
	for i := range EmailFailureLimit {
		fail(t, s, "bob@x.com", fmt.Sprint("198.51.100.", i))
	}
	clock.Advance(time.Minute)
	// The address frees up in 9 minutes (at 15m), the email in 14 (at 20m): report 14
	// whichever limit refuses first.
	for _, addr := range []string{"192.0.2.9", "198.51.100.200"} {
		retry, err := s.Check("bob@x.com", addr)
		if !errors.Is(err, ErrRateLimited) || retry != 14*time.Minute {
			t.Errorf("Check(bob, %s) = %v, %v; want 14m0s, ErrRateLimited", addr, retry, err)
		}
	}
	// Address full, email free: the email slot taken first is given back.
	retry, err := s.Check("carol@x.com", "192.0.2.9")
	if !errors.Is(err, ErrRateLimited) || retry != 9*time.Minute {
		t.Errorf("Check(carol) = %v, %v; want 9m0s, ErrRateLimited", retry, err)
	}
	if _, tracked := s.PerEmail.keys["carol@x.com"]; tracked {
		t.Error("a refused attempt left a count on the email")
	}
}

func TestAddrKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"192.0.2.1:443", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"[::ffff:192.0.2.1]:443", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:8080", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"::1", "::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"", ""},
		{"not-an-ip", "not-an-ip"},
		{"unix:/run/sock", "unix:/run/sock"},
		{strings.Repeat("z", 1000), strings.Repeat("z", maxAddrKeyBytes)},
	}
	for _, tt := range tests {
		if got := addrKey(tt.in); got != tt.want {
			t.Errorf("addrKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEmailKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bob@x.com", "bob@x.com"},
		{"  Bob@X.com\t", "bob@x.com"},
		{"not an email", "not an email"},
		{strings.Repeat("A", 1000), strings.Repeat("a", MaxEmailBytes)},
	}
	for _, tt := range tests {
		if got := emailKey(tt.in); got != tt.want {
			t.Errorf("emailKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The limiter's key for a valid address is the stored address.
	if n, _ := NormalizeEmail(" Bob@X.com "); emailKey(" Bob@X.com ") != n {
		t.Error("emailKey and NormalizeEmail disagree")
	}
}
