//go:build linux && cgo

package sigstack

/*
#include <signal.h>
#include <stddef.h>

// Adds SA_ONSTACK to the handlers of the signals WebKit's engine takes over, keeping
// whatever handler is installed. Returns how many handlers were changed.
static int restore_on_stack(void) {
	int sigs[] = {SIGSEGV, SIGBUS, SIGFPE};
	int changed = 0;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) != 0) continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
		if (sa.sa_flags & SA_ONSTACK) continue;
		sa.sa_flags |= SA_ONSTACK;
		if (sigaction(sigs[i], &sa, NULL) == 0) changed++;
	}
	return changed;
}

// For sigstack_test.go (cgo is not allowed in test files): install a handler the way
// WebKit does, and read the flag back.
static void handler(int sig) { (void)sig; }
static int install_handler_without_on_stack(int sig) {
	struct sigaction sa = {0};
	sa.sa_handler = handler;
	return sigaction(sig, &sa, NULL);
}
static int has_on_stack(int sig) {
	struct sigaction sa;
	if (sigaction(sig, NULL, &sa) != 0) return -1;
	return (sa.sa_flags & SA_ONSTACK) != 0;
}
*/
import "C"

const supported = true

func restoreOnStack() int { return int(C.restore_on_stack()) }

func installWithoutOnStack(sig C.int) bool { return C.install_handler_without_on_stack(sig) == 0 }

func hasOnStack(sig C.int) bool { return C.has_on_stack(sig) == 1 }

const sigFPE = C.SIGFPE
