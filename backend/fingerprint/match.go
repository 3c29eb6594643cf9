package fingerprint

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Match is how well a query agrees with one reference.
type Match struct {
	ID string // the reference's id in an Index; empty from Compare
	// Offset is where the query starts within the reference: negative when the query
	// begins before it.
	Offset time.Duration
	// Hashes is the number of query hashes found in the reference at Offset (±1 frame).
	Hashes int
	// Confidence is 0 when Hashes is no more than chance coincidences of keys would
	// give, rising towards 1 the more hashes agree beyond that; see SameRecording.
	Confidence float64
}

// Compare matches a query print against one reference. It costs a sort of both prints;
// to compare one print against many, add them to an Index.
func Compare(query, reference *Print) Match {
	if query == nil || reference == nil {
		return Match{}
	}
	q, r := byKey(query.Hashes), byKey(reference.Hashes)
	var votes []uint64
	for i, j := 0, 0; i < len(q) && j < len(r); {
		switch {
		case q[i].Key < r[j].Key:
			i++
		case q[i].Key > r[j].Key:
			j++
		default:
			// Every query hash with this key meets every reference hash with it.
			i1, j1 := i, j
			for i1 < len(q) && q[i1].Key == q[i].Key {
				i1++
			}
			for j1 < len(r) && r[j1].Key == r[j].Key {
				j1++
			}
			for _, a := range q[i:i1] {
				for _, b := range r[j:j1] {
					votes = append(votes, vote(0, b.Frame, a.Frame))
				}
			}
			i, j = i1, j1
		}
	}
	slices.Sort(votes)
	m := tally(votes).match(len(query.Hashes), query.Frames, reference.Frames)
	return m
}

func byKey(h []Hash) []Hash {
	s := slices.Clone(h)
	slices.SortFunc(s, func(a, b Hash) int { return cmp.Compare(a.Key, b.Key) })
	return s
}

// A vote is one key shared by a query hash and a reference hash: the reference's number
// in the high 32 bits, and the offset between them, biased to sort as unsigned, in the
// low 32.
const offsetBias = 1 << 31

func vote(track, refFrame, queryFrame uint32) uint64 {
	return uint64(track)<<32 | uint64(uint32(int64(refFrame)-int64(queryFrame)+offsetBias))
}

// offsetTolerance is how far, in frames, hashes may disagree and still count as one
// offset: where a peak falls between two frames, the query and the reference can put it
// in different ones.
const offsetTolerance = 1

// offsets is the outcome of voting for one reference.
type offsets struct {
	best   float64 // mean offset of the agreeing votes, in frames
	agree  int     // votes within ±offsetTolerance of best
	shared int     // all votes, at any offset
}

// tally finds the offset most votes agree on. votes must be sorted and all for one
// reference.
func tally(votes []uint64) offsets {
	o := offsets{shared: len(votes)}
	bestStart := 0
	for i, j := 0, 0; i < len(votes); i++ {
		for j < len(votes) && uint32(votes[j])-uint32(votes[i]) <= 2*offsetTolerance {
			j++
		}
		if j-i > o.agree {
			o.agree, bestStart = j-i, i
		}
	}
	var sum float64
	for _, v := range votes[bestStart : bestStart+o.agree] {
		sum += float64(int64(uint32(v)) - offsetBias)
	}
	if o.agree > 0 {
		o.best = sum / float64(o.agree)
	}
	return o
}

// match turns the vote into a Match for a query of queryHashes hashes and queryFrames
// frames against a reference of refFrames frames.
func (o offsets) match(queryHashes, queryFrames, refFrames int) Match {
	m := Match{Offset: frameDuration(o.best), Hashes: min(o.agree, queryHashes)}
	// Keys shared by chance fall at any of the queryFrames+refFrames offsets the two
	// could overlap at; chance is what lands in one window of them.
	span := float64(queryFrames + refFrames)
	chance := float64(o.shared) * (2*offsetTolerance + 1) / span
	excess := float64(m.Hashes) - chance - 3*math.Sqrt(chance)
	m.Confidence = max(0, excess) / (max(0, excess) + confidenceHalf)
	return m
}

// confidenceHalf is the number of hashes beyond chance that gives a confidence of ½.
const confidenceHalf = 8

// SameRecordingConfidence is the confidence above which SameRecording says yes.
const SameRecordingConfidence = 0.5

// SameRecording reports whether the match shows the query to be a copy of (part of) the
// reference, however degraded, rather than different music.
func SameRecording(m Match) bool { return m.Confidence >= SameRecordingConfidence }
