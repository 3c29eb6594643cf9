package fingerprint

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// A vote is a key shared by a query hash and a reference hash.
type vote struct {
	// at is the reference's number in the high 32 bits and the offset between the two
	// hashes, biased to sort as unsigned, in the low 32: sorting by it groups each
	// reference's votes by offset.
	at    uint64
	query uint32 // index of the query hash
}

const offsetBias = 1 << 31

func newVote(ref, refFrame, queryFrame, queryIndex uint32) vote {
	offset := uint32(int64(refFrame) - int64(queryFrame) + offsetBias)
	return vote{at: uint64(ref)<<32 | uint64(offset), query: queryIndex}
}

func (v vote) ref() uint32   { return uint32(v.at >> 32) }
func (v vote) offset() int64 { return int64(uint32(v.at)) - offsetBias }
func sortVotes(votes []vote) {
	slices.SortFunc(votes, func(a, b vote) int { return cmp.Compare(a.at, b.at) })
}

// offsetTolerance is how far, in frames, hashes may disagree and still count as one
// offset: where a peak falls between two frames, the query and the reference can put it
// in different ones.
const offsetTolerance = 1

// bestOffset returns the votes that agree best: the most votes whose offsets lie within
// 2·offsetTolerance of each other. votes must be sorted and all for one reference.
func bestOffset(votes []vote) []vote {
	best, bestStart := 0, 0
	for i, j := 0, 0; i < len(votes); i++ {
		for j < len(votes) && votes[j].offset()-votes[i].offset() <= 2*offsetTolerance {
			j++
		}
		if j-i > best {
			best, bestStart = j-i, i
		}
	}
	return votes[bestStart : bestStart+best]
}

// The confidence weighs two kinds of evidence, and is the lesser of the two, each
// scaled to read ½ at its threshold:
//
//   - Surprise: how unlikely it is that keys shared by chance line up this well. Keys
//     shared without a match fall at any of the offsets at which the two prints could
//     overlap, so the agreeing query frames are compared against a Poisson count with
//     the mean that leaves, over every window of offsets the best could have been in.
//     At surpriseHalf = 10, chance alone reaches ½ once in 10¹⁰ comparisons: once in a
//     scan of a million uploads against ten thousand recordings, and then the share
//     must be high as well.
//   - Share: the fraction of the query's hashes the reference holds at that offset, in
//     the shareWindow where it holds the most. Songs of one style share their sounds,
//     and at the same tempo their beats line up, which the chance above does not
//     foresee: in the tests, songs with the same instruments, key and tempo share at
//     most 6 % of any 10 s, while a copy keeps 15 % or more even at 10 dB SNR.
//     shareHalf sits between the two. Taking the share within a window rather than over
//     the whole query finds a copied passage inside a longer upload.
const (
	surpriseHalf = 10
	shareHalf    = 0.10
	shareWindow  = 10 * analysisRate / hop // frames, ≈ 10 s
)

// evidence is what the votes for one reference show.
type evidence struct {
	offset   float64 // frames; mean of the agreeing votes
	hashes   int     // query hashes at that offset
	moments  int     // distinct query frames among them
	share    float64 // of query hashes found, where most are found
	surprise float64 // −log₁₀ of the chance of the agreement arising from shared keys at random
}

// weigh sums up the votes for one reference of refFrames frames: agreeing are those
// bestOffset chose out of shared.
func weigh(agreeing []vote, shared int, query *Print, refFrames int) evidence {
	if len(agreeing) == 0 {
		return evidence{}
	}
	var e evidence
	found := make([]uint32, len(agreeing))
	for i, v := range agreeing {
		e.offset += float64(v.offset())
		found[i] = v.query
	}
	e.offset /= float64(len(agreeing))
	// A query hash looked up under more than one key can vote more than once.
	slices.Sort(found)
	found = slices.Compact(found)
	e.hashes = len(found)

	// Hashes are in time order, so found is too.
	q := query.Hashes
	frameOf := func(i uint32) uint32 { return q[i].Frame }
	lastFrame := uint32(math.MaxUint32)
	for _, i := range found {
		if f := frameOf(i); f != lastFrame {
			e.moments++
			lastFrame = f
		}
	}
	// The window of shareWindow frames, within the query, that holds the most found
	// hashes. One that starts at a found hash, or ends with the query, holds the most.
	window := min(int(shareWindow), query.Frames)
	most, in := 0, 0
	for _, i := range found {
		start := min(int(frameOf(i)), query.Frames-window)
		inWindow := func(f uint32) bool { return int(f) >= start+window }
		a := sort.Search(len(found), func(k int) bool { return int(frameOf(found[k])) >= start })
		b := sort.Search(len(found), func(k int) bool { return inWindow(frameOf(found[k])) })
		if b-a > most {
			most = b - a
			in = sort.Search(len(q), func(k int) bool { return inWindow(q[k].Frame) }) -
				sort.Search(len(q), func(k int) bool { return int(q[k].Frame) >= start })
		}
	}
	e.share = float64(most) / float64(max(in, 1))

	// Chance votes fall at any of the offsets the two could overlap at; a window of
	// 2·offsetTolerance+1 of them expects chance votes, and there are windows of them.
	span := float64(query.Frames + refFrames)
	width := 2*offsetTolerance + 1.0
	chance := float64(shared) * width / span
	windows := max(1, span/width)
	e.surprise = -(math.Log10(windows) + logPoissonTail(e.moments, chance)/math.Ln10)
	return e
}

// match is the evidence as a Match.
func (e evidence) match() Match {
	surprise, share := max(0, e.surprise), e.share
	return Match{
		Offset:     frameDuration(e.offset),
		Hashes:     e.hashes,
		Confidence: min(surprise/(surprise+surpriseHalf), share/(share+shareHalf)),
	}
}

// logPoissonTail is ln P(X ≥ n) for X ~ Poisson(mean), mean > 0.
func logPoissonTail(n int, mean float64) float64 {
	if float64(n) <= mean {
		return 0 // at least about ½: no surprise
	}
	lg, _ := math.Lgamma(float64(n) + 1)
	first := -mean + float64(n)*math.Log(mean) - lg
	// Each further term is the one before times mean/k, k > n > mean.
	sum, term := 1.0, 1.0
	for k := n + 1; term > 1e-12*sum; k++ {
		term *= mean / float64(k)
		sum += term
	}
	return first + math.Log(sum)
}
