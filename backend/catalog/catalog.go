// Package catalog is the copyright scan's side of the server: the protected recordings,
// each kept as a fingerprint in the database and in an in-memory index, and the verdict
// on an uploaded recording — which catalog track it copies, where in it, and how sure
// the match is.
package catalog

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/fingerprint"
)

// Track is one protected recording.
type Track struct {
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	Source  string        `json:"source,omitempty"` // where it was ingested from, e.g. a file name
	Length  time.Duration `json:"-"`
	AddedAt time.Time     `json:"-"`
}

// Store keeps the catalog: the tracks and their fingerprints (MarshalBinary bytes).
type Store interface {
	InsertCatalogTrack(ctx context.Context, t Track, print []byte) error
	// EachCatalogTrack calls fn for every track, in the order they were added.
	EachCatalogTrack(ctx context.Context, fn func(t Track, print []byte) error) error
}

// Catalog matches recordings against the protected tracks. It is safe for concurrent use.
type Catalog struct {
	store Store
	now   func() time.Time
	index *fingerprint.Index

	mu     sync.RWMutex
	tracks map[string]Track
}

// ErrNoTitle reports a track added without a title.
var ErrNoTitle = errors.New("catalog: a track needs a title")

// Open loads every track's fingerprint from the store into the index. now is the clock
// (nil = time.Now).
func Open(ctx context.Context, s Store, now func() time.Time) (*Catalog, error) {
	if now == nil {
		now = time.Now
	}
	c := &Catalog{store: s, now: now, index: fingerprint.NewIndex(), tracks: map[string]Track{}}
	err := s.EachCatalogTrack(ctx, func(t Track, data []byte) error {
		var p fingerprint.Print
		if err := p.UnmarshalBinary(data); err != nil {
			return fmt.Errorf("catalog: track %s (%q): %w", t.ID, t.Title, err)
		}
		c.tracks[t.ID] = t
		return c.index.Add(t.ID, &p)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Len is the number of tracks.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.tracks)
}

// Add fingerprints a recording and stores it as a protected track.
func (c *Catalog) Add(ctx context.Context, title, source string, b *audio.Buffer) (Track, error) {
	p, err := fingerprint.Compute(b)
	if err != nil {
		return Track{}, fmt.Errorf("catalog: %q: %w", strings.TrimSpace(title), err)
	}
	return c.AddPrint(ctx, title, source, p)
}

// AddPrint stores a recording already fingerprinted (fingerprint.ComputeFile reads a file
// straight to its print) as a protected track.
func (c *Catalog) AddPrint(ctx context.Context, title, source string, p *fingerprint.Print) (Track, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return Track{}, ErrNoTitle
	}
	data, err := p.MarshalBinary()
	if err != nil {
		return Track{}, err
	}
	t := Track{ID: "cat_" + strings.ToLower(rand.Text()), Title: title, Source: source, Length: p.Duration(), AddedAt: c.now().UTC()}
	if err := c.store.InsertCatalogTrack(ctx, t, data); err != nil {
		return Track{}, err
	}
	if err := c.index.Add(t.ID, p); err != nil {
		return Track{}, err
	}
	c.mu.Lock()
	c.tracks[t.ID] = t
	c.mu.Unlock()
	return t, nil
}

// Verdict is the scan's answer for one recording. Track, Offset and Confidence describe
// the closest catalog track even when it is not a match, so an operator can see how near
// a miss was; they are empty when nothing in the catalog came close.
type Verdict struct {
	Matched    bool    `json:"matched"`
	Track      *Track  `json:"track,omitempty"`
	Offset     float64 `json:"offset"` // seconds into the catalog track where the recording starts
	Confidence float64 `json:"confidence"`
}

// Scan fingerprints a recording and looks it up.
func (c *Catalog) Scan(b *audio.Buffer) (Verdict, error) {
	p, err := fingerprint.Compute(b)
	if err != nil {
		return Verdict{}, fmt.Errorf("catalog: scan: %w", err)
	}
	return c.ScanPrint(p)
}

// ScanPrint looks up a recording already fingerprinted.
func (c *Catalog) ScanPrint(p *fingerprint.Print) (Verdict, error) {
	matches := c.index.Lookup(p)
	if len(matches) == 0 {
		return Verdict{}, nil
	}
	best := matches[0]
	c.mu.RLock()
	t, ok := c.tracks[best.ID]
	c.mu.RUnlock()
	if !ok {
		return Verdict{}, fmt.Errorf("catalog: the index names track %s, which is not in the catalog", best.ID)
	}
	return Verdict{Matched: fingerprint.SameRecording(best), Track: &t, Offset: best.Offset.Seconds(), Confidence: best.Confidence}, nil
}
