package account

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock, safe for the concurrent tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestLimiter(max int, window time.Duration) (*Limiter, *fakeClock) {
	clock := newFakeClock()
	l := NewLimiter(max, window)
	l.Now = clock.Now
	return l, clock
}

func TestLimiterSlidingWindow(t *testing.T) {
	l, clock := newTestLimiter(3, 10*time.Minute)
	// Each step advances the clock, then calls Allow("k").
	steps := []struct {
		advance   time.Duration
		wantOK    bool
		wantRetry time.Duration
	}{
		{0, true, 0},                              // t=0
		{time.Minute, true, 0},                    // t=1m
		{time.Minute, true, 0},                    // t=2m: the third and last slot
		{3 * time.Minute, false, 5 * time.Minute}, // t=5m: full until t=0 leaves at 10m
		{5*time.Minute - time.Nanosecond, false, time.Nanosecond},
		{time.Nanosecond, true, 0}, // t=10m: the t=0 event expired, slot reused
		{0, false, time.Minute},    // full again until t=1m's event leaves at 11m
		{time.Hour, true, 0},       // everything expired
		{0, true, 0},
		{0, true, 0},
		{0, false, 10 * time.Minute}, // three events at one instant
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		ok, retry := l.Allow("k")
		if ok != s.wantOK || retry != s.wantRetry {
			t.Fatalf("step %d: Allow = %v, %v; want %v, %v", i, ok, retry, s.wantOK, s.wantRetry)
		}
	}
}

func TestLimiterRefusalIsNotCounted(t *testing.T) {
	l, clock := newTestLimiter(1, time.Minute)
	l.Allow("k")
	for range 5 { // hammering a full key must not push its opening further out
		clock.Advance(10 * time.Second)
		l.Allow("k")
	}
	clock.Advance(10 * time.Second) // t=60s
	if ok, _ := l.Allow("k"); !ok {
		t.Fatal("refused attempts extended the window")
	}
}

func TestLimiterKeysAreIndependent(t *testing.T) {
	l, _ := newTestLimiter(1, time.Minute)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("first a refused")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("second a allowed")
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("b refused because of a")
	}
}

func TestLimiterReleaseAndReset(t *testing.T) {
	l, _ := newTestLimiter(2, time.Minute)
	l.Allow("k")
	l.Allow("k")
	l.Release("k")
	if ok, _ := l.Allow("k"); !ok {
		t.Fatal("Release did not free a slot")
	}
	if ok, _ := l.Allow("k"); ok {
		t.Fatal("Release freed more than one slot")
	}
	l.Reset("k")
	if l.Len() != 0 {
		t.Fatalf("Len after Reset = %d, want 0", l.Len())
	}
	l.Allow("k")
	l.Release("k")
	if l.Len() != 0 {
		t.Fatalf("a key with nothing counted is still tracked after Release")
	}
	l.Release("unknown") // no-ops, no panic
	l.Reset("unknown")
}

func TestLimiterPrunesExpiredKeys(t *testing.T) {
	l, clock := newTestLimiter(5, time.Minute)
	for i := range 1000 {
		l.Allow(fmt.Sprint("addr-", i))
	}
	clock.Advance(30 * time.Second)
	l.Allow("late") // a key hit later survives the first ones' expiry
	clock.Advance(30 * time.Second)
	l.Allow("new")
	if got := l.Len(); got != 2 {
		t.Fatalf("Len = %d after the first 1000 keys expired, want 2 (late, new)", got)
	}
}

func TestLimiterKeyCapEvictsLeastRecentlyHit(t *testing.T) {
	l, clock := newTestLimiter(1, time.Hour)
	l.MaxKeys = 3
	for _, k := range []string{"a", "b", "c"} {
		l.Allow(k)
		clock.Advance(time.Second)
	}
	l.Release("a")
	l.Allow("a") // a is now the most recently hit; b is the oldest
	l.Allow("d")
	if got := l.Len(); got != 3 {
		t.Fatalf("Len = %d, want the cap of 3", got)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Error("b was not the one evicted")
	}
	for _, k := range []string{"a", "d"} {
		if ok, _ := l.Allow(k); ok {
			t.Errorf("%s lost its count, want it still limited", k)
		}
	}
	for i := range 10_000 { // an attacker cycling keys cannot grow the limiter
		l.Allow(fmt.Sprint("x", i))
	}
	if got := l.Len(); got != 3 {
		t.Fatalf("Len = %d after a flood of keys, want 3", got)
	}
	if NewLimiter(1, time.Second).maxKeys() != DefaultMaxKeys {
		t.Error("zero MaxKeys does not mean DefaultMaxKeys")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l, clock := newTestLimiter(10, time.Minute)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.Allow("shared"); ok {
				allowed.Add(1)
			}
			// Exercise every method together for the race detector.
			own := fmt.Sprint("own-", g)
			for range 20 {
				l.Allow(own)
				l.Release(own)
				l.Len()
				clock.Advance(time.Millisecond)
			}
			l.Reset(own)
		}()
	}
	wg.Wait()
	if got := allowed.Load(); got != 10 {
		t.Fatalf("%d of 50 concurrent attempts allowed, want exactly 10", got)
	}
}

func TestLimiterRealClock(t *testing.T) {
	l := NewLimiter(1, time.Hour) // Now left nil: time.Now
	if ok, _ := l.Allow("k"); !ok {
		t.Fatal("first attempt refused")
	}
	ok, retry := l.Allow("k")
	if ok || retry <= 59*time.Minute || retry > time.Hour {
		t.Fatalf("second attempt = %v, %v; want refused for just under an hour", ok, retry)
	}
}

func TestNewLimiterPanicsOnNonsense(t *testing.T) {
	for _, c := range []struct {
		max    int
		window time.Duration
	}{{0, time.Minute}, {-1, time.Minute}, {1, 0}, {1, -time.Second}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewLimiter(%d, %v) did not panic", c.max, c.window)
				}
			}()
			NewLimiter(c.max, c.window)
		}()
	}
}
