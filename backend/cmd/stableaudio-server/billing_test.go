package main

import (
	"os"
	"strings"
	"testing"
)

// billing sync without a key says billing is not configured and how to configure it; with
// stripe-mock (make test starts it) it syncs the three paid tiers.
func TestBillingSync(t *testing.T) {
	t.Setenv("STABLEAUDIO_STRIPE_KEY", "")
	code, _, errs := runServer(t, "billing", "sync")
	if code != exitFail || !strings.Contains(errs, "billing is not configured") || !strings.Contains(errs, "--stripe-key") {
		t.Errorf("no key: exit %d, %q", code, errs)
	}
	if code, _, _ := runServer(t, "billing", "refund"); code != exitUsage {
		t.Errorf("an unknown billing command: exit %d, want %d", code, exitUsage)
	}
	url := os.Getenv("STABLEAUDIO_TEST_STRIPE_URL")
	if url == "" {
		t.Skip("the sync itself needs stripe-mock on loopback: make test starts it (scripts/stripe-mock-env.sh)")
	}
	code, out, errs := runServer(t, "billing", "sync", "--stripe-key", "sk_test_123", "--stripe-api", url)
	if code != exitOK {
		t.Fatalf("sync against stripe-mock: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"pro    stableaudio_pro_monthly 11.99 usd a month", "studio stableaudio_studio_monthly 29.99 usd", "max    stableaudio_max_monthly 89.99 usd"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not say %q:\n%s", want, out)
		}
	}
}
