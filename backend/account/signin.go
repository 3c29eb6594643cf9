package account

import (
	"net"
	"net/netip"
	"strings"
	"time"
)

// Sign-in limits. Five wrong passwords per account per quarter hour is generous for a
// person who mistypes and useless for online guessing; twenty per network address lets a
// household or office share an address while stopping one machine from spraying a common
// password across many accounts.
const (
	EmailFailureLimit = 5
	AddrFailureLimit  = 20
	SignInWindow      = 15 * time.Minute
)

// maxAddrKeyBytes bounds the key for a client address that did not parse as an IP; a
// textual IPv6 address with a zone fits easily.
const maxAddrKeyBytes = 64

// SignInLimits throttles password guessing on two keys at once: the account's email and
// the client's network address.
//
// Only failures are meant to count, yet Check already counts every attempt it lets
// through, and Succeeded gives the count back. Counting at Check closes a race: argon2
// takes tens of milliseconds, and if failures were recorded only after verifying, a burst
// of parallel guesses would all pass Check before the first failure was written. It also
// fails closed: an attempt that ends in neither success nor a report (a crash, a database
// error) counts as a failure.
//
// The flow for a sign-in handler:
//
//	if wait, err := limits.Check(email, addr); err != nil { /* 429, Retry-After: wait */ }
//	ok := verify the password (also for unknown emails, against a dummy hash)
//	if ok { limits.Succeeded(email, addr) } // otherwise nothing: the attempt stays counted
type SignInLimits struct {
	PerEmail *Limiter // keyed by normalised email
	PerAddr  *Limiter // keyed by client IP, IPv6 by its /64
}

// NewSignInLimits returns limits with EmailFailureLimit and AddrFailureLimit per
// SignInWindow.
func NewSignInLimits() *SignInLimits {
	return &SignInLimits{
		PerEmail: NewLimiter(EmailFailureLimit, SignInWindow),
		PerAddr:  NewLimiter(AddrFailureLimit, SignInWindow),
	}
}

// Check counts a sign-in attempt for email from addr (the client's IP, with or without a
// port) and returns ErrRateLimited, with how long to wait, if either has failed too often
// recently. A refused attempt is not counted, so waiting out retryAfter is enough (unless
// more failures arrive meanwhile).
func (s *SignInLimits) Check(email, addr string) (retryAfter time.Duration, err error) {
	ek, ak := emailKey(email), addrKey(addr)
	if ok, wait := s.PerEmail.Allow(ek); !ok {
		// Report the longer wait, so a client that obeys Retry-After is not refused again
		// by the other limit.
		return max(wait, s.PerAddr.wait(ak)), ErrRateLimited
	}
	if ok, wait := s.PerAddr.Allow(ak); !ok {
		s.PerEmail.Release(ek) // this attempt never reached a password check
		return max(wait, s.PerEmail.wait(ek)), ErrRateLimited
	}
	return 0, nil
}

// Succeeded records a correct password: the account's failure count starts over, and the
// attempt Check counted for the address is taken back, so people signing in correctly
// from a shared address do not use up its allowance.
func (s *SignInLimits) Succeeded(email, addr string) {
	s.PerEmail.Reset(emailKey(email))
	s.PerAddr.Release(addrKey(addr))
}

// emailKey applies NormalizeEmail's trimming and lowercasing, so "Bob@X.com " and
// "bob@x.com" share one allowance, without rejecting malformed input: a guess at a
// nonsense address still counts against the client address. The cut bounds the memory an
// overlong key can take; nothing that long can be an account.
func emailKey(email string) string {
	k := strings.ToLower(strings.TrimSpace(email))
	if len(k) > MaxEmailBytes {
		k = k[:MaxEmailBytes]
	}
	return k
}

// addrKey reduces a client address to what one attacker cannot cheaply vary. The port
// goes, since every connection gets a new one. An IPv6 address is cut to its /64: a single
// customer is routinely handed a whole /64, so limiting individual IPv6 addresses would
// limit nothing. IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
func addrKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		host, _, splitErr := net.SplitHostPort(addr)
		if ip, err = netip.ParseAddr(host); splitErr != nil || err != nil {
			// Not an IP: a test transport or a proxy's placeholder. Keep it whole (bounded)
			// so such clients still share one allowance.
			if len(addr) > maxAddrKeyBytes {
				addr = addr[:maxAddrKeyBytes]
			}
			return addr
		}
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	prefix, err := ip.Prefix(64)
	if err != nil {
		return ip.String()
	}
	return prefix.String()
}

// RateLimitError is ErrRateLimited with how long the caller must wait.
type RateLimitError struct {
	Wait time.Duration
}

func (e *RateLimitError) Error() string { return ErrRateLimited.Error() }
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }
