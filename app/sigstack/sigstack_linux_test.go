//go:build linux && cgo

package sigstack

import (
	"context"
	"testing"
	"time"
)

// SIGFPE stands in for the signals WebKit takes over: unlike SIGSEGV, the Go runtime does
// not need it in a test process.
func TestGuardPutsTheFlagBack(t *testing.T) {
	if !installWithoutOnStack(sigFPE) || hasOnStack(sigFPE) {
		t.Fatal("could not install a handler without SA_ONSTACK")
	}
	if n := restoreOnStack(); n < 1 || !hasOnStack(sigFPE) {
		t.Fatalf("restoreOnStack changed %d handlers; SIGFPE has SA_ONSTACK: %v", n, hasOnStack(sigFPE))
	}

	// A handler installed again later is fixed by the next pass of the guard.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	Guard(ctx)
	installWithoutOnStack(sigFPE)
	deadline := time.Now().Add(5 * time.Second)
	for !hasOnStack(sigFPE) {
		if time.Now().After(deadline) {
			t.Fatal("the guard did not restore SA_ONSTACK on a handler installed after it started")
		}
		time.Sleep(Interval / 2) // the guard runs every Interval; poll until the deadline
	}
}
