package plan

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The checks here use their own calendar (monthLen, monthIndex) rather than the package's
// renewal helper, so a bug in one cannot hide a bug in the other.

var monthDays = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func monthLen(y int, m time.Month) int {
	if m == time.February && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		return 29
	}
	return monthDays[m-1]
}

// monthIndex numbers months consecutively, so the month after index n is n+1.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// isRenewal reports whether x is a renewal instant: for a paid plan the anchor's UTC time of
// day on the anchor's day clamped to x's month, for the free plan the 1st at 00:00 UTC.
func isRenewal(paid bool, anchor, x time.Time) bool {
	if !paid {
		return x.Day() == 1 && x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0
	}
	a := anchor.UTC()
	return x.Hour() == a.Hour() && x.Minute() == a.Minute() && x.Second() == a.Second() &&
		x.Nanosecond() == a.Nanosecond() && x.Day() == min(a.Day(), monthLen(x.Year(), x.Month()))
}

// checkPeriodShape checks that p runs in UTC from one renewal to the renewal a month later,
// and for a paid plan does not start before the anchor. With Start ≤ t < End this pins the
// one right period: renewals strictly increase, so only one pair of neighbours holds t.
func checkPeriodShape(t *testing.T, name string, paid bool, anchor time.Time, p Period) {
	t.Helper()
	switch {
	case p.Start.Location() != time.UTC || p.End.Location() != time.UTC:
		t.Fatalf("%s: period %v is not in UTC", name, p)
	case !isRenewal(paid, anchor, p.Start) || !isRenewal(paid, anchor, p.End):
		t.Fatalf("%s: anchor %v: period [%v, %v) does not run renewal to renewal", name, anchor.UTC(), p.Start, p.End)
	case monthIndex(p.End) != monthIndex(p.Start)+1:
		t.Fatalf("%s: period [%v, %v) is not one month long", name, p.Start, p.End)
	case paid && p.Start.Before(anchor):
		t.Fatalf("%s: period starts %v, before the anchor %v", name, p.Start, anchor.UTC())
	}
}

func checkInvariants(t *testing.T, paid bool, anchor, at time.Time) {
	t.Helper()
	name := "PeriodAt(" + anchor.UTC().Format(time.RFC3339Nano) + ", " + at.UTC().Format(time.RFC3339Nano) + ")"
	p := PeriodAt(paid, anchor, at)
	checkPeriodShape(t, name, paid, anchor, p)
	if paid && at.Before(anchor) {
		if !p.Start.Equal(anchor) || monthIndex(p.End) != monthIndex(anchor.UTC())+1 {
			t.Fatalf("%s before the anchor = [%v, %v), want the first period", name, p.Start, p.End)
		}
	} else if !p.Contains(at) {
		t.Fatalf("%s = [%v, %v) does not contain t", name, p.Start, p.End)
	}
	if r := RenewalAfter(paid, anchor, at); !r.Equal(p.End) {
		t.Fatalf("%s: RenewalAfter = %v, want End %v", name, r, p.End)
	}
	if again := PeriodAt(paid, anchor, p.Start); again != p {
		t.Fatalf("%s: the period at its own Start is [%v, %v)", name, again.Start, again.End)
	}
	if next := p.Next(paid, anchor); !next.Start.Equal(p.End) {
		t.Fatalf("%s: Next starts %v, want %v", name, next.Start, p.End)
	}
}

var (
	rangeStart = utc(1970, 1, 1, 0, 0, 0, 0)
	rangeEnd   = utc(2400, 1, 1, 0, 0, 0, 0)
	maxOffset  = 100 * 366 * 24 * time.Hour // 100 years, within a time.Duration
)

// randomAnchor favours the days and times where renewal arithmetic goes wrong: month ends
// and the last instant of a day.
func randomAnchor(r *rand.Rand) time.Time {
	sec := rangeStart.Unix() + r.Int64N(rangeEnd.Unix()-rangeStart.Unix())
	a := time.Unix(sec, r.Int64N(1e9)).UTC()
	switch r.IntN(3) {
	case 0:
		day := 28 + r.IntN(4)
		a = utc(a.Year(), a.Month(), min(day, monthLen(a.Year(), a.Month())), a.Hour(), a.Minute(), a.Second(), a.Nanosecond())
	case 1:
		a = utc(a.Year(), a.Month(), a.Day(), 23, 59, 59, 999_999_999)
	}
	if r.IntN(4) == 0 {
		a = a.In(time.FixedZone("random", (r.IntN(27)-12)*3600)) // same instant, other location
	}
	return a
}

func TestPeriodAtProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 131))
	for range 20_000 {
		paid := r.IntN(4) != 0
		anchor := randomAnchor(r)
		offset := time.Duration(r.Int64N(int64(maxOffset))) - 40*24*time.Hour
		at := anchor.Add(offset)
		checkInvariants(t, paid, anchor, at)
		// A renewal instant itself must start the new period.
		p := PeriodAt(paid, anchor, at)
		checkInvariants(t, paid, anchor, p.End)
		checkInvariants(t, paid, anchor, p.End.Add(-time.Nanosecond))
	}
}

func FuzzPeriodAt(f *testing.F) {
	jan31 := utc(2026, 1, 31, 14, 5, 0, 0)
	f.Add(true, jan31.Unix(), int64(0), int64(0))
	f.Add(true, jan31.Unix(), int64(0), int64(28*24*time.Hour))
	f.Add(true, utc(2028, 2, 29, 10, 0, 0, 0).Unix(), int64(0), int64(366*24*time.Hour))
	f.Add(true, utc(2026, 12, 31, 23, 59, 59, 0).Unix(), int64(999_999_999), int64(time.Nanosecond))
	f.Add(true, jan31.Unix(), int64(0), int64(-time.Second))
	f.Add(false, jan31.Unix(), int64(0), int64(334*24*time.Hour))
	f.Fuzz(func(t *testing.T, paid bool, anchorSec, anchorNsec, offset int64) {
		span := rangeEnd.Unix() - rangeStart.Unix()
		sec := rangeStart.Unix() + (anchorSec%span+span)%span
		nsec := (anchorNsec%1e9 + 1e9) % 1e9
		off := time.Duration(offset % int64(maxOffset))
		anchor := time.Unix(sec, nsec)
		checkInvariants(t, paid, anchor, anchor.Add(off))
	})
}
