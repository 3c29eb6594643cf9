package plan

import "time"

// Period is one billing period, the half-open interval [Start, End) in UTC. A moment equal
// to End belongs to the next period, so the grant for a renewal applies from its first
// instant and two periods never share a moment.
type Period struct {
	Start time.Time // first instant of the period
	End   time.Time // first instant of the next period; the renewal
}

// Contains reports whether t falls in [p.Start, p.End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// PeriodAt returns the billing period that contains t. Everything is computed in UTC,
// whatever the locations of anchor and t, and the returned times are in UTC.
//
// Free (paid false): [1st of t's month 00:00 UTC, 1st of the next month 00:00 UTC); anchor
// is ignored.
//
// Paid: anchor is the moment the user subscribed. The k-th renewal falls k months after the
// anchor's month, on the anchor's day of the month at the anchor's UTC time of day down to
// the nanosecond; when that month is too short it falls on the month's last day. Each
// renewal is computed from the anchor, never from the previous renewal, so an anchor on
// Jan 31 14:05 renews Feb 28 (Feb 29 in leap years), Mar 31, Apr 30, May 31, all at 14:05:
// stepping from the previous renewal would stick at the 28th forever.
//
// For t before the anchor, PeriodAt returns the first period, [anchor, first renewal). The
// account's clock and the payment provider's may disagree by a few seconds around the
// subscription; crediting that first period is right, while inventing a period before the
// subscription would grant a period the user never paid for. So for such t, t < Start.
func PeriodAt(paid bool, anchor, t time.Time) Period {
	t = t.UTC()
	if !paid {
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return Period{Start: start, End: start.AddDate(0, 1, 0)}
	}
	anchor = anchor.UTC()
	if t.Before(anchor) {
		return Period{Start: anchor, End: renewal(anchor, 1)}
	}
	// The renewal in t's own month is either at or before t (the period has started) or
	// after it (t is still in the previous period). k ≥ 0 here, and k = 0 is the anchor
	// itself, which is not after t, so k never goes below 0.
	k := (t.Year()-anchor.Year())*12 + int(t.Month()) - int(anchor.Month())
	start := renewal(anchor, k)
	if t.Before(start) {
		k--
		start = renewal(anchor, k)
	}
	return Period{Start: start, End: renewal(anchor, k+1)}
}

// RenewalAfter returns the first renewal strictly after t: the end of the period containing
// t, PeriodAt(paid, anchor, t).End. For t before a paid anchor that is the first renewal
// after the anchor (see PeriodAt).
func RenewalAfter(paid bool, anchor, t time.Time) time.Time {
	return PeriodAt(paid, anchor, t).End
}

// Next returns the period after p. p must come from PeriodAt or Next with the same paid and
// anchor; the result is computed from the anchor again, so walking any number of periods
// cannot drift.
func (p Period) Next(paid bool, anchor time.Time) Period {
	return PeriodAt(paid, anchor, p.End)
}

// renewal returns the k-th renewal of a UTC anchor (k = 0 is the anchor itself): k months on,
// on the anchor's day clamped to the month's length, at the anchor's time of day.
func renewal(anchor time.Time, k int) time.Time {
	// time.Date normalises a month past December into the next year, but it would also roll
	// Feb 31 into March, so the day is clamped by hand.
	first := time.Date(anchor.Year(), anchor.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
	day := min(anchor.Day(), daysIn(first.Year(), first.Month()))
	return time.Date(first.Year(), first.Month(), day,
		anchor.Hour(), anchor.Minute(), anchor.Second(), anchor.Nanosecond(), time.UTC)
}

// daysIn returns the number of days in month m of year y: day 0 of the next month is the
// last day of this one.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
