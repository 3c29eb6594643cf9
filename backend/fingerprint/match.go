package fingerprint

import (
	"cmp"
	"slices"
	"time"
)

// Match is how well a query agrees with one reference.
type Match struct {
	ID string // the reference's id in an Index; empty from Compare
	// Offset is where the query starts within the reference: negative when the query
	// begins before it.
	Offset time.Duration
	// Hashes is the number of query hashes found in the reference at Offset.
	Hashes int
	// Confidence is between 0 and 1, at least SameRecordingConfidence when the query
	// is a copy of (part of) the reference: the lesser of how far the agreement is
	// beyond chance and how large a share of the query's hashes the reference holds.
	Confidence float64
}

// SameRecordingConfidence is the confidence from which SameRecording says yes. On the
// tests' synthetic songs, 10 s copies read 0.6 or more after noise, band-limiting,
// clipping or resampling, other songs 0.2 or less, and songs of the same style, tempo
// and instruments from another seed under 0.4.
const SameRecordingConfidence = 0.5

// SameRecording reports whether the match shows the query to be a copy of (part of) the
// reference, however degraded, rather than different music.
func SameRecording(m Match) bool { return m.Confidence >= SameRecordingConfidence }

// Compare matches a query print against one reference. It sorts a copy of each; to
// match one print against many, add them to an Index. A print that is nil or not as
// Compute makes them matches nothing.
func Compare(query, reference *Print) Match {
	if query.validate() != nil || reference.validate() != nil {
		return Match{}
	}
	return compare(query, reference).match()
}

func compare(query, reference *Print) evidence {
	q := queryKeys(query.Hashes)
	r := slices.Clone(reference.Hashes)
	slices.SortFunc(r, func(a, b Hash) int { return cmp.Compare(a.Key, b.Key) })
	var votes []vote
	for i, j := 0, 0; i < len(q) && j < len(r); {
		switch {
		case q[i].key < r[j].Key:
			i++
		case q[i].key > r[j].Key:
			j++
		default:
			// Every query hash with this key meets every reference hash with it.
			i1, j1 := i, j
			for i1 < len(q) && q[i1].key == q[i].key {
				i1++
			}
			for j1 < len(r) && r[j1].Key == r[j].Key {
				j1++
			}
			for _, a := range q[i:i1] {
				for _, b := range r[j:j1] {
					votes = append(votes, newVote(0, b.Frame, query.Hashes[a.index].Frame, a.index))
				}
			}
			i, j = i1, j1
		}
	}
	sortVotes(votes)
	return weigh(bestOffset(votes), len(votes), query, reference.Frames)
}

// queryKey is a key to look a query hash up under.
type queryKey struct {
	key   uint32
	index uint32 // of the hash in the query
}

// queryKeys lists each query hash under every key it may have in a reference, sorted by
// key: its own and those with the pair a frame shorter and longer. When the query's
// frames fall between the reference's, up to half of the peaks land one frame earlier
// or later than in the reference, and only the pairs whose peaks moved together keep
// their exact distance in time.
func queryKeys(hashes []Hash) []queryKey {
	out := make([]queryKey, 0, 3*len(hashes))
	for i, h := range hashes {
		dt := h.Key & maxDeltaT
		out = append(out, queryKey{h.Key, uint32(i)})
		if dt > 1 {
			out = append(out, queryKey{h.Key - 1, uint32(i)})
		}
		if dt < maxDeltaT {
			out = append(out, queryKey{h.Key + 1, uint32(i)})
		}
	}
	slices.SortFunc(out, func(a, b queryKey) int { return cmp.Compare(a.key, b.key) })
	return out
}
