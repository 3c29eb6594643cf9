// Package sigstack keeps the Go runtime alive beside WebKitGTK on Linux.
//
// WebKitGTK's JavaScript engine installs its own SIGSEGV, SIGBUS and SIGFPE handlers (for its
// JIT and garbage collector) lazily, when JavaScript first runs, and without the SA_ONSTACK
// flag. The Go runtime insists on that flag for handlers it shares a process with: the first
// such signal afterwards kills the app with "non-Go code set up signal handler without
// SA_ONSTACK flag". Guard puts the flag back on those handlers, keeping the handlers
// themselves, and keeps doing so while the app runs because the engine may install them
// again later. SIGUSR1, which the engine uses to pause threads for its garbage collector,
// is left alone: running that handler on Go's signal stack would deadlock the engine.
// Other platforms need nothing.
package sigstack

import (
	"context"
	"time"
)

// Interval is how often Guard re-applies the flag: short, since a signal that arrives
// between the engine installing a handler and the next pass is fatal.
const Interval = 50 * time.Millisecond

// Guard re-applies SA_ONSTACK now and every Interval until ctx ends.
func Guard(ctx context.Context) {
	if !supported {
		return
	}
	restoreOnStack()
	go func() {
		t := time.NewTicker(Interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				restoreOnStack()
			}
		}
	}()
}
