package fingerprint

import (
	"runtime"
	"sync"
)

// span is a half-open range [lo, hi) of samples or frames.
type span struct{ lo, hi int }

// chunks splits [0, n) into one contiguous span per core, each at least minLen long, so
// that a long recording keeps every core busy and a short one does not pay for
// goroutines.
func chunks(n, minLen int) []span {
	count := max(1, min(runtime.GOMAXPROCS(0), n/max(1, minLen)))
	out := make([]span, count)
	for i := range out {
		out[i] = span{i * n / count, (i + 1) * n / count}
	}
	return out
}

// forEach runs fn on every span concurrently and waits for all of them.
func forEach(spans []span, fn func(i int, s span)) {
	var wg sync.WaitGroup
	for i, s := range spans {
		wg.Go(func() { fn(i, s) })
	}
	wg.Wait()
}
