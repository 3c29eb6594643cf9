package account

import (
	"container/list"
	"fmt"
	"sync"
	"time"
)

// DefaultMaxKeys is how many keys a Limiter tracks unless told otherwise. A key costs
// roughly 200–500 bytes (its text, its hit times, map and list overhead), so the default
// bounds a limiter to about 25 MB however many addresses an attacker cycles through.
const DefaultMaxKeys = 50_000

// Limiter allows at most max events per key within any sliding window of the given
// length. It keeps each key's recent event times (a sliding log), which is exact and
// costs at most max timestamps per key; max is small for sign-in limits.
//
// Memory is bounded twice: keys whose events have all expired are dropped as the
// limiter is used, and once MaxKeys keys are tracked, adding another evicts the key that
// was hit least recently. An attacker who floods the limiter with fresh keys can thereby
// reset old ones; that is the price of bounded memory, and why sign-in is limited per
// email and per network address at once (see SignInLimits).
//
// A Limiter is safe for concurrent use. Set Now and MaxKeys before first use.
type Limiter struct {
	// Now is the clock; nil means time.Now. Tests inject a fake one.
	Now func() time.Time
	// MaxKeys caps the number of keys tracked; 0 means DefaultMaxKeys.
	MaxKeys int

	max    int
	window time.Duration

	mu      sync.Mutex
	started bool
	epoch   time.Time                // first clock reading; hit times are offsets from it
	keys    map[string]*list.Element // values are *limiterEntry
	order   list.List                // most recently hit key at the front
}

type limiterEntry struct {
	key string
	// hits are event times as nanoseconds since epoch, oldest first. Offsets instead of
	// time.Time take 8 bytes instead of 24 and, with time.Now, come from the monotonic
	// clock, so a wall-clock jump neither frees nor freezes anyone's slots.
	hits []int64
}

// NewLimiter returns a limiter allowing max events per key in any window of the given
// length, e.g. NewLimiter(5, 15*time.Minute). It panics if max or window is not positive,
// as that is a programming error rather than a runtime condition.
func NewLimiter(max int, window time.Duration) *Limiter {
	if max < 1 || window <= 0 {
		panic(fmt.Sprintf("account.NewLimiter: need max ≥ 1 and window > 0, got %d and %v", max, window))
	}
	return &Limiter{max: max, window: window, keys: make(map[string]*list.Element)}
}

// Allow reports whether key may have another event now and, if so, counts it. When it
// refuses, nothing is counted and retryAfter says how long until the oldest counted
// event leaves the window and frees a slot.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	l.pruneLocked(now)
	el, found := l.keys[key]
	if found {
		e := el.Value.(*limiterEntry)
		e.trim(now - int64(l.window))
		if len(e.hits) >= l.max {
			return false, time.Duration(e.hits[0] + int64(l.window) - now)
		}
	} else {
		if len(l.keys) >= l.maxKeys() {
			l.removeLocked(l.order.Back())
		}
		// A small first allocation: most keys see one or two events, never max.
		el = l.order.PushFront(&limiterEntry{key: key, hits: make([]int64, 0, min(l.max, 4))})
		l.keys[key] = el
	}
	e := el.Value.(*limiterEntry)
	e.hits = append(e.hits, now)
	l.order.MoveToFront(el)
	return true, 0
}

// Release takes back the most recent event counted for key, for an attempt that turned
// out not to deserve counting. It does nothing if none is counted.
func (l *Limiter) Release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, found := l.keys[key]
	if !found {
		return
	}
	e := el.Value.(*limiterEntry)
	if len(e.hits) > 0 {
		e.hits = e.hits[:len(e.hits)-1]
	}
	if len(e.hits) == 0 {
		l.removeLocked(el)
	}
}

// Reset forgets every event counted for key.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, found := l.keys[key]; found {
		l.removeLocked(el)
	}
}

// Len is the number of keys currently tracked, including any whose events expired since
// the last call to Allow.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// wait is how long until key could be allowed, without counting anything: 0 if a slot is
// free now.
func (l *Limiter) wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	el, found := l.keys[key]
	if !found {
		return 0
	}
	e := el.Value.(*limiterEntry)
	e.trim(now - int64(l.window))
	if len(e.hits) < l.max {
		return 0
	}
	return time.Duration(e.hits[0] + int64(l.window) - now)
}

func (l *Limiter) nowLocked() int64 {
	clock := l.Now
	if clock == nil {
		clock = time.Now
	}
	t := clock()
	if !l.started {
		l.epoch, l.started = t, true
	}
	return int64(t.Sub(l.epoch))
}

func (l *Limiter) maxKeys() int {
	if l.MaxKeys > 0 {
		return l.MaxKeys
	}
	return DefaultMaxKeys
}

// pruneLocked drops keys whose newest event has left the window, starting from the least
// recently hit. It stops at the first live key, so each call costs only what expired since
// the last one.
func (l *Limiter) pruneLocked(now int64) {
	cutoff := now - int64(l.window)
	for el := l.order.Back(); el != nil; el = l.order.Back() {
		e := el.Value.(*limiterEntry)
		if len(e.hits) > 0 && e.hits[len(e.hits)-1] > cutoff {
			return
		}
		l.removeLocked(el)
	}
}

func (l *Limiter) removeLocked(el *list.Element) {
	delete(l.keys, el.Value.(*limiterEntry).key)
	l.order.Remove(el)
}

// trim drops hits at or before cutoff. An event at time t counts while now < t+window.
// It copies down rather than reslicing so the backing array is reused, not regrown.
func (e *limiterEntry) trim(cutoff int64) {
	i := 0
	for i < len(e.hits) && e.hits[i] <= cutoff {
		i++
	}
	if i > 0 {
		e.hits = e.hits[:copy(e.hits, e.hits[i:])]
	}
}
