package account

import (
	"errors"
	"strings"
	"testing"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name    string
		pw      string
		wantErr string // substring of the message; "" means valid
	}{
		{"ten ascii characters", "abcdefghij", ""},
		{"passphrase with spaces", "correct horse battery staple", ""},
		{"ten non-latin characters", "пароль-ключ", ""},              // 11 runes, 20 bytes
		{"ten runes though more bytes", strings.Repeat("é", 10), ""}, // 10 runes, 20 bytes
		{"exactly the byte limit", strings.Repeat("a", MaxPasswordBytes), ""},
		{"surrounding spaces are kept and count", "  abcdefgh", ""},
		{"empty", "", "at least 10 characters (this one has 0)"},
		{"nine characters", "abcdefghi", "at least 10 characters (this one has 9)"},
		{"nine runes", strings.Repeat("é", 9), "this one has 9"},
		{"one byte over the limit", strings.Repeat("a", MaxPasswordBytes+1), "at most 256 bytes"},
		{"only spaces", strings.Repeat(" ", 12), "only spaces"},
		{"only mixed whitespace", " \t\n\u00a0\u2003     ", "only spaces"},
		{"invalid utf-8", "abcdefghij\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword(tt.pw)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidatePassword(%q) = %v, want nil", tt.pw, err)
				}
				return
			}
			if !errors.Is(err, ErrWeakPassword) {
				t.Fatalf("ValidatePassword(%q) = %v, want ErrWeakPassword", tt.pw, err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("message %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com" // 254 bytes
	tests := []struct {
		name string
		in   string
		want string // "" means ErrBadEmail
	}{
		{"plain", "bob@example.com", "bob@example.com"},
		{"trimmed and lowercased", "  Bob.Smith@Example.COM\t\n", "bob.smith@example.com"},
		{"plus tag kept", "bob+music@example.com", "bob+music@example.com"},
		{"subdomain", "a@mail.example.co.uk", "a@mail.example.co.uk"},
		{"single-label domain", "me@localhost", "me@localhost"},
		{"unicode local part lowercased", "ÉLODIE@example.fr", "élodie@example.fr"},
		{"exactly 254 bytes", long, long},
		{"255 bytes", "a" + long, ""},
		{"empty", "", ""},
		{"only spaces", "   ", ""},
		{"no at sign", "bob.example.com", ""},
		{"no local part", "@example.com", ""},
		{"no domain", "bob@", ""},
		{"two at signs", "bob@@example.com", ""},
		{"display name", "Bob <bob@example.com>", ""},
		{"angle brackets only", "<bob@example.com>", ""},
		{"quoted local part", `"bob smith"@example.com`, ""},
		{"comment", "bob@example.com (Bob)", ""},
		{"two addresses", "a@example.com, b@example.com", ""},
		{"inner space", "bob smith@example.com", ""},
		{"control character", "bob\x00@example.com", ""},
		{"leading dot", ".bob@example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrBadEmail) {
					t.Fatalf("NormalizeEmail(%q) = %q, %v; want ErrBadEmail", tt.in, got, err)
				}
				if got != "" {
					t.Errorf("NormalizeEmail(%q) returned %q alongside an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			// Normalising is idempotent: a stored address looks itself up.
			if again, err := NormalizeEmail(got); err != nil || again != got {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want it unchanged", got, again, err)
			}
		})
	}
}

func TestSentinelErrorsAreDistinctAndDocumented(t *testing.T) {
	all := []error{ErrWeakPassword, ErrBadEmail, ErrInvalidCredentials, ErrEmailTaken,
		ErrRateLimited, ErrUnauthenticated, ErrMalformedHash}
	seen := map[string]bool{}
	for i, a := range all {
		if a.Error() == "" || seen[a.Error()] {
			t.Errorf("sentinel %d has an empty or duplicate message %q", i, a)
		}
		seen[a.Error()] = true
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%q matches %q", a, b)
			}
		}
	}
}
