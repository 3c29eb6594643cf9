package fingerprint

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrDuplicateID reports an Add under an id the index already holds.
var ErrDuplicateID = errors.New("fingerprint: the index already holds this id")

// Index finds which of many reference prints a query comes from, by an inverted index
// from hash key to where the key occurs. It is safe for concurrent use: lookups run
// alongside each other, an Add waits for them.
//
// It holds 8 bytes per reference hash, and a table of 48 MB from the first Add: 10,000
// three-minute tracks take about 1 GB with the spare capacity of the growing lists.
type Index struct {
	mu       sync.RWMutex
	refs     []reference
	ids      map[string]struct{}
	postings [][]posting // by key: 1<<keyBits lists, allocated by the first Add
}

type reference struct {
	id     string
	frames int
}

// posting is one occurrence of a key.
type posting struct {
	ref   uint32 // index into refs
	frame uint32
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{ids: map[string]struct{}{}}
}

// Len is the number of references in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.refs)
}

// Add indexes a reference print under id. Ids are unique; to replace a reference, build
// a new index.
func (ix *Index) Add(id string, p *Print) error {
	if err := p.validate(); err != nil {
		return fmt.Errorf("adding %q: %w", id, err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.ids[id]; ok {
		return fmt.Errorf("%w: %q", ErrDuplicateID, id)
	}
	if ix.postings == nil {
		ix.postings = make([][]posting, 1<<keyBits)
	}
	ref := uint32(len(ix.refs))
	ix.refs = append(ix.refs, reference{id: id, frames: p.Frames})
	ix.ids[id] = struct{}{}
	for _, h := range p.Hashes {
		ix.postings[h.Key] = append(ix.postings[h.Key], posting{ref: ref, frame: h.Frame})
	}
	return nil
}

// minVotes is the fewest agreeing votes worth weighing: two hashes that agree are never
// a match, and most references share a key or two with any query.
const minVotes = 3

// Lookup returns the references the query matches, best first: every one with a
// confidence above zero, which SameRecording then judges. A query that is nil or not as
// Compute makes them matches nothing.
func (ix *Index) Lookup(query *Print) []Match {
	if query.validate() != nil {
		return nil
	}
	votes, refs := ix.votes(queryKeys(query.Hashes), query)
	sortVotes(votes)
	var matches []Match
	for len(votes) > 0 {
		ref := votes[0].ref()
		n := 1
		for n < len(votes) && votes[n].ref() == ref {
			n++
		}
		if agreeing := bestOffset(votes[:n]); len(agreeing) >= minVotes {
			m := weigh(agreeing, n, query, refs[ref].frames).match()
			if m.Confidence > 0 {
				m.ID = refs[ref].id
				matches = append(matches, m)
			}
		}
		votes = votes[n:]
	}
	slices.SortFunc(matches, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(b.Hashes, a.Hashes), cmp.Compare(a.ID, b.ID))
	})
	return matches
}

// votes gathers the postings of the query's keys under the read lock, with the
// references as they were then: Add only appends to refs, so what this copy covers does
// not change while the votes are weighed without the lock.
func (ix *Index) votes(keys []queryKey, query *Print) ([]vote, []reference) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.postings == nil {
		return nil, nil
	}
	var votes []vote
	for _, k := range keys {
		frame := query.Hashes[k.index].Frame
		for _, p := range ix.postings[k.key] {
			votes = append(votes, newVote(p.ref, p.frame, frame, k.index))
		}
	}
	return votes, ix.refs
}
