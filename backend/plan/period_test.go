package plan

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h, min, s, ns int) time.Time {
	return time.Date(y, m, d, h, min, s, ns, time.UTC)
}

var (
	newYork  = time.FixedZone("UTC-5", -5*3600)
	kiribati = time.FixedZone("UTC+14", 14*3600) // a local date can be a day ahead of UTC
)

func TestPeriodAtPaid(t *testing.T) {
	jan31 := utc(2026, 1, 31, 14, 5, 0, 0)
	lastInstant := utc(2026, 3, 31, 23, 59, 59, 999_000_000)
	yearEnd := utc(2026, 12, 31, 23, 59, 59, 999_000_000)
	leapDay := utc(2028, 2, 29, 10, 0, 0, 0)
	tests := []struct {
		name       string
		anchor, t  time.Time
		start, end time.Time
	}{
		// Subscribed Jan 31 14:05: renews on the month's last day when it lacks a 31st, and
		// returns to the 31st when it has one.
		{"at the anchor", jan31, jan31, jan31, utc(2026, 2, 28, 14, 5, 0, 0)},
		{"1 ns before the first renewal", jan31, utc(2026, 2, 28, 14, 4, 59, 999_999_999), jan31, utc(2026, 2, 28, 14, 5, 0, 0)},
		{"Feb 28 boundary starts the new period", jan31, utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0)},
		{"early March is still the Feb 28 period", jan31, utc(2026, 3, 1, 0, 0, 0, 0), utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0)},
		{"Mar 31 boundary", jan31, utc(2026, 3, 31, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0), utc(2026, 4, 30, 14, 5, 0, 0)},
		{"Apr 30 boundary", jan31, utc(2026, 4, 30, 14, 5, 0, 0), utc(2026, 4, 30, 14, 5, 0, 0), utc(2026, 5, 31, 14, 5, 0, 0)},
		{"May 31 boundary", jan31, utc(2026, 5, 31, 14, 5, 0, 0), utc(2026, 5, 31, 14, 5, 0, 0), utc(2026, 6, 30, 14, 5, 0, 0)},
		{"Dec 31 renews Jan 31 next year", jan31, utc(2026, 12, 31, 20, 0, 0, 0), utc(2026, 12, 31, 14, 5, 0, 0), utc(2027, 1, 31, 14, 5, 0, 0)},
		{"two years on, no drift", jan31, utc(2028, 2, 1, 0, 0, 0, 0), utc(2028, 1, 31, 14, 5, 0, 0), utc(2028, 2, 29, 14, 5, 0, 0)},
		// Leap years: Feb 29 exists in 2028.
		{"leap year Feb 29 boundary", utc(2028, 1, 31, 14, 5, 0, 0), utc(2028, 2, 29, 14, 5, 0, 0), utc(2028, 2, 29, 14, 5, 0, 0), utc(2028, 3, 31, 14, 5, 0, 0)},
		{"leap year before Feb 29", utc(2028, 1, 31, 14, 5, 0, 0), utc(2028, 2, 29, 14, 4, 0, 0), utc(2028, 1, 31, 14, 5, 0, 0), utc(2028, 2, 29, 14, 5, 0, 0)},
		{"anchor Feb 29 renews Mar 29", leapDay, utc(2028, 3, 29, 10, 0, 0, 0), utc(2028, 3, 29, 10, 0, 0, 0), utc(2028, 4, 29, 10, 0, 0, 0)},
		{"anchor Feb 29, next year Feb 28", leapDay, utc(2029, 2, 28, 10, 0, 0, 0), utc(2029, 2, 28, 10, 0, 0, 0), utc(2029, 3, 29, 10, 0, 0, 0)},
		{"anchor Feb 29, next leap year Feb 29", leapDay, utc(2032, 3, 1, 0, 0, 0, 0), utc(2032, 2, 29, 10, 0, 0, 0), utc(2032, 3, 29, 10, 0, 0, 0)},
		// Anchors on the 30th and 29th clamp only in February.
		{"30th clamps to Feb 28", utc(2026, 1, 30, 9, 0, 0, 0), utc(2026, 2, 28, 9, 0, 0, 0), utc(2026, 2, 28, 9, 0, 0, 0), utc(2026, 3, 30, 9, 0, 0, 0)},
		{"30th, Mar 30 not yet reached", utc(2026, 1, 30, 9, 0, 0, 0), utc(2026, 3, 30, 8, 59, 59, 0), utc(2026, 2, 28, 9, 0, 0, 0), utc(2026, 3, 30, 9, 0, 0, 0)},
		{"30th clamps to Feb 29 in a leap year", utc(2027, 12, 30, 9, 0, 0, 0), utc(2028, 2, 29, 9, 0, 0, 0), utc(2028, 2, 29, 9, 0, 0, 0), utc(2028, 3, 30, 9, 0, 0, 0)},
		{"29th clamps to Feb 28", utc(2026, 1, 29, 9, 0, 0, 0), utc(2026, 2, 28, 9, 0, 0, 0), utc(2026, 2, 28, 9, 0, 0, 0), utc(2026, 3, 29, 9, 0, 0, 0)},
		{"29th, leap Feb 28 is mid-period", utc(2027, 1, 29, 9, 0, 0, 0), utc(2028, 2, 28, 12, 0, 0, 0), utc(2028, 1, 29, 9, 0, 0, 0), utc(2028, 2, 29, 9, 0, 0, 0)},
		{"29th, leap Feb 29", utc(2027, 1, 29, 9, 0, 0, 0), utc(2028, 2, 29, 9, 0, 0, 0), utc(2028, 2, 29, 9, 0, 0, 0), utc(2028, 3, 29, 9, 0, 0, 0)},
		// The last instant of a day: the next day must not leak in.
		{"23:59:59.999, 1 ms before renewal", lastInstant, utc(2026, 4, 30, 23, 59, 59, 998_000_000), lastInstant, utc(2026, 4, 30, 23, 59, 59, 999_000_000)},
		{"23:59:59.999 at renewal", lastInstant, utc(2026, 4, 30, 23, 59, 59, 999_000_000), utc(2026, 4, 30, 23, 59, 59, 999_000_000), utc(2026, 5, 31, 23, 59, 59, 999_000_000)},
		{"23:59:59.999, the 1st is mid-period", lastInstant, utc(2026, 5, 1, 0, 0, 0, 0), utc(2026, 4, 30, 23, 59, 59, 999_000_000), utc(2026, 5, 31, 23, 59, 59, 999_000_000)},
		{"Dec 31 23:59:59.999 over the year change", yearEnd, utc(2027, 1, 1, 0, 0, 0, 0), yearEnd, utc(2027, 1, 31, 23, 59, 59, 999_000_000)},
		{"Dec 31 23:59:59.999 in February", yearEnd, utc(2027, 2, 28, 23, 59, 59, 999_000_000), utc(2027, 2, 28, 23, 59, 59, 999_000_000), utc(2027, 3, 31, 23, 59, 59, 999_000_000)},
		// Locations: the calendar is UTC's, not the caller's.
		{"t in UTC-5 at the boundary", jan31, time.Date(2026, 2, 28, 9, 5, 0, 0, newYork), utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0)},
		{"t in UTC+14 already March locally", jan31, time.Date(2026, 3, 1, 3, 0, 0, 0, kiribati), jan31, utc(2026, 2, 28, 14, 5, 0, 0)},
		{"anchor Jan 31 in UTC-5 is Feb 1 UTC", time.Date(2026, 1, 31, 23, 30, 0, 0, newYork), time.Date(2026, 2, 28, 23, 30, 0, 0, newYork), utc(2026, 3, 1, 4, 30, 0, 0), utc(2026, 4, 1, 4, 30, 0, 0)},
		// Before the anchor (clock skew around subscribing): the first period, documented.
		{"before the anchor", jan31, jan31.Add(-time.Second), jan31, utc(2026, 2, 28, 14, 5, 0, 0)},
	}
	for _, tc := range tests {
		got := PeriodAt(true, tc.anchor, tc.t)
		checkPeriodEqual(t, tc.name, got, Period{tc.start, tc.end})
		if r := RenewalAfter(true, tc.anchor, tc.t); !r.Equal(tc.end) {
			t.Errorf("%s: RenewalAfter = %v, want %v", tc.name, r, tc.end)
		}
	}
}

func TestPeriodAtFree(t *testing.T) {
	anyAnchor := utc(2025, 7, 17, 8, 30, 0, 0) // ignored for the free plan
	tests := []struct {
		name       string
		t          time.Time
		start, end time.Time
	}{
		{"mid-month", utc(2026, 1, 15, 12, 0, 0, 0), utc(2026, 1, 1, 0, 0, 0, 0), utc(2026, 2, 1, 0, 0, 0, 0)},
		{"the 1st at 00:00 starts the month", utc(2026, 2, 1, 0, 0, 0, 0), utc(2026, 2, 1, 0, 0, 0, 0), utc(2026, 3, 1, 0, 0, 0, 0)},
		{"last nanosecond of December", utc(2026, 12, 31, 23, 59, 59, 999_999_999), utc(2026, 12, 1, 0, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0, 0)},
		{"Jan 1 00:00 of the new year", utc(2027, 1, 1, 0, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0, 0), utc(2027, 2, 1, 0, 0, 0, 0)},
		{"leap February", utc(2028, 2, 29, 23, 0, 0, 0), utc(2028, 2, 1, 0, 0, 0, 0), utc(2028, 3, 1, 0, 0, 0, 0)},
		{"UTC+14 already March locally", time.Date(2026, 3, 1, 5, 0, 0, 0, kiribati), utc(2026, 2, 1, 0, 0, 0, 0), utc(2026, 3, 1, 0, 0, 0, 0)},
		{"UTC-5 still December locally", time.Date(2026, 12, 31, 20, 0, 0, 0, newYork), utc(2027, 1, 1, 0, 0, 0, 0), utc(2027, 2, 1, 0, 0, 0, 0)},
	}
	for _, tc := range tests {
		got := PeriodAt(false, anyAnchor, tc.t)
		checkPeriodEqual(t, tc.name, got, Period{tc.start, tc.end})
		if r := RenewalAfter(false, time.Time{}, tc.t); !r.Equal(tc.end) {
			t.Errorf("%s: RenewalAfter = %v, want %v", tc.name, r, tc.end)
		}
	}
}

// TestRenewalsFromJan31 follows renewal to renewal the way a scheduler would.
func TestRenewalsFromJan31(t *testing.T) {
	anchor := utc(2026, 1, 31, 14, 5, 0, 0)
	want := []time.Time{
		utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0), utc(2026, 4, 30, 14, 5, 0, 0),
		utc(2026, 5, 31, 14, 5, 0, 0), utc(2026, 6, 30, 14, 5, 0, 0), utc(2026, 7, 31, 14, 5, 0, 0),
	}
	at := anchor
	for i, w := range want {
		at = RenewalAfter(true, anchor, at)
		if !at.Equal(w) {
			t.Fatalf("renewal %d = %v, want %v", i+1, at, w)
		}
	}
}

// TestWalk24Periods walks two years of periods with Next: they must tile time (End == next
// Start) and every start must be the anchor's day clamped to the month, with no drift.
func TestWalk24Periods(t *testing.T) {
	tests := []struct {
		name   string
		paid   bool
		anchor time.Time
	}{
		{"paid Jan 31 14:05", true, utc(2026, 1, 31, 14, 5, 0, 0)},
		{"paid leap day", true, utc(2028, 2, 29, 10, 0, 0, 0)},
		{"paid Aug 30", true, utc(2026, 8, 30, 6, 0, 0, 0)},
		{"paid Dec 31 23:59:59.999", true, utc(2026, 12, 31, 23, 59, 59, 999_000_000)},
		{"paid anchor in UTC-5", true, time.Date(2026, 3, 31, 22, 0, 0, 0, newYork)},
		{"free", false, utc(2026, 11, 20, 0, 0, 0, 0)},
	}
	for _, tc := range tests {
		p := PeriodAt(tc.paid, tc.anchor, tc.anchor)
		for i := range 24 {
			checkPeriodShape(t, tc.name, tc.paid, tc.anchor, p)
			next := p.Next(tc.paid, tc.anchor)
			if !next.Start.Equal(p.End) {
				t.Fatalf("%s: period %d ends %v but the next starts %v", tc.name, i, p.End, next.Start)
			}
			p = next
		}
		// 24 periods on is exactly two years on: the same day and time, unless clamped.
		a := tc.anchor.UTC()
		if !tc.paid {
			a = utc(a.Year(), a.Month(), 1, 0, 0, 0, 0)
		}
		want := utc(a.Year()+2, a.Month(), min(a.Day(), monthLen(a.Year()+2, a.Month())), a.Hour(), a.Minute(), a.Second(), a.Nanosecond())
		if !p.Start.Equal(want) {
			t.Errorf("%s: period 24 starts %v, want %v", tc.name, p.Start, want)
		}
	}
}

func TestPeriodContains(t *testing.T) {
	p := Period{utc(2026, 2, 28, 14, 5, 0, 0), utc(2026, 3, 31, 14, 5, 0, 0)}
	tests := []struct {
		t    time.Time
		want bool
	}{
		{p.Start, true},
		{p.End.Add(-time.Nanosecond), true},
		{p.End, false},
		{p.Start.Add(-time.Nanosecond), false},
		{time.Date(2026, 2, 28, 9, 5, 0, 0, newYork), true},
	}
	for _, tc := range tests {
		if got := p.Contains(tc.t); got != tc.want {
			t.Errorf("Contains(%v) = %t, want %t", tc.t, got, tc.want)
		}
	}
}

func checkPeriodEqual(t *testing.T, name string, got, want Period) {
	t.Helper()
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("%s: period [%v, %v), want [%v, %v)", name, got.Start, got.End, want.Start, want.End)
	}
	if got.Start.Location() != time.UTC || got.End.Location() != time.UTC {
		t.Errorf("%s: period in %v/%v, want UTC", name, got.Start.Location(), got.End.Location())
	}
}
