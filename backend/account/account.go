// Package account holds the storage-free parts of user accounts: password hashing with
// argon2id, the rules a password and an email address must meet, opaque session tokens,
// and the rate limits that slow down password guessing at sign-in.
//
// Nothing here knows about SQL or HTTP. The store persists what this package produces
// (password hashes, token hashes, sessions) and the API maps its sentinel errors to
// responses with errors.Is.
package account

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Sentinel errors shared by the store and the API. Functions wrap them with %w and a
// detail, so match them with errors.Is, never by message.
var (
	// ErrWeakPassword means a new password breaks a rule of ValidatePassword; the wrapped
	// message says which rule and how to fix it.
	ErrWeakPassword = errors.New("password does not meet the requirements")

	// ErrBadEmail means the text is not a single bare email address such as
	// "name@example.com".
	ErrBadEmail = errors.New("not a valid email address")

	// ErrInvalidCredentials is the one answer to a failed sign-in. It deliberately does not
	// say whether the email or the password was wrong, so it cannot be used to find out
	// which addresses have accounts.
	ErrInvalidCredentials = errors.New("wrong email or password")

	// ErrEmailTaken means another account already uses this (normalised) email address.
	ErrEmailTaken = errors.New("an account with this email address already exists; sign in instead")

	// ErrRateLimited means too many sign-in attempts failed recently for this email
	// address or from this network address; the caller is told how long to wait.
	ErrRateLimited = errors.New("too many sign-in attempts; wait a few minutes and try again")

	// ErrUnauthenticated means the request carries no session token, or one that is
	// unknown, expired or revoked.
	ErrUnauthenticated = errors.New("not signed in or the session has expired; sign in again")

	// ErrMalformedHash means a stored password hash could not be parsed or asks for
	// parameters outside the accepted bounds. It points at corrupted or tampered storage,
	// not at a user mistake, so the API should log it and answer with a generic failure.
	ErrMalformedHash = errors.New("malformed password hash")
)

// Password and email limits.
const (
	// MinPasswordChars is counted in characters (runes), so a password of accented or
	// non-Latin letters is not held to a stricter rule than an ASCII one.
	MinPasswordChars = 10

	// MaxPasswordBytes is counted in bytes because it exists to bound the work and the
	// request size, not to shape the password; 256 bytes is far beyond any passphrase a
	// person types or a password manager generates.
	MaxPasswordBytes = 256

	// MaxEmailBytes is the longest address SMTP can deliver to (RFC 5321 path limit).
	MaxEmailBytes = 254
)

// ValidatePassword checks a new password before it is hashed. It only applies to passwords
// being set: sign-in must verify whatever the user typed, so rules can change without
// locking anyone out. Every error wraps ErrWeakPassword.
func ValidatePassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return fmt.Errorf("%w: the password contains bytes that are not valid UTF-8 text", ErrWeakPassword)
	case len(pw) > MaxPasswordBytes:
		return fmt.Errorf("%w: use at most %d bytes (this one has %d)", ErrWeakPassword, MaxPasswordBytes, len(pw))
	case utf8.RuneCountInString(pw) < MinPasswordChars:
		return fmt.Errorf("%w: use at least %d characters (this one has %d)", ErrWeakPassword, MinPasswordChars, utf8.RuneCountInString(pw))
	case strings.TrimSpace(pw) == "":
		return fmt.Errorf("%w: the password must not be only spaces", ErrWeakPassword)
	}
	return nil
}

// NormalizeEmail turns what a user typed into the form accounts are stored and looked up
// by: surrounding space trimmed and everything lowercased. Lowercasing the local part is
// not what RFC 5321 says, but no real mail provider treats "Bob@" and "bob@" as different
// people, and users do not remember how they capitalised their address at sign-up.
//
// The result must be a bare address: "Name <a@b.com>", comments, groups and quoted local
// parts are rejected, as they are almost always a copy-paste slip. Every error wraps
// ErrBadEmail.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", fmt.Errorf("%w: enter an email address", ErrBadEmail)
	}
	// Checked before parsing so a megabyte of input costs nothing to reject.
	if len(s) > MaxEmailBytes {
		return "", fmt.Errorf("%w: an address can have at most %d characters", ErrBadEmail, MaxEmailBytes)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("%w: %q should look like name@example.com", ErrBadEmail, s)
	}
	// ParseAddress also accepts display names and quoted forms and rewrites them; demanding
	// that it hands back exactly the input is what makes the address "bare".
	if addr.Name != "" || addr.Address != s {
		return "", fmt.Errorf("%w: enter only the address itself, like name@example.com", ErrBadEmail)
	}
	return s, nil
}
