package catalog_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
	"stableaudio/backend/catalog"
	"stableaudio/backend/store"
)

func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Tracks added to the catalog survive a restart, and a quieter excerpt of one is found
// at its place in it, while a recording that is not in the catalog is not matched.
func TestCatalogFindsItsTracksAfterARestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "server.db")
	c, err := catalog.Open(ctx, openStore(t, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	songs := make([]*audio.Buffer, 5)
	ids := make([]string, 5)
	for i := range songs {
		songs[i] = audiotest.Song(uint64(i+1), 40)
		tr, err := c.Add(ctx, "Song "+string(rune('A'+i)), "song.wav", songs[i])
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = tr.ID
	}
	reopened, err := catalog.Open(ctx, openStore(t, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	if reopened.Len() != 5 {
		t.Fatalf("the reopened catalog has %d tracks, want 5", reopened.Len())
	}
	v, err := reopened.Scan(audiotest.Excerpt(songs[2], 12.5, 10, 0.5))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("excerpt of song C at 12.5 s, −6 dB: %+v", v)
	if !v.Matched || v.Track.ID != ids[2] || v.Track.Title != "Song C" || math.Abs(v.Offset-12.5) > 0.1 {
		t.Errorf("verdict %+v; want song C (%s) at 12.5 s", v, ids[2])
	}
	v, err = reopened.Scan(audiotest.Song(99, 15))
	if err != nil {
		t.Fatal(err)
	}
	if v.Matched {
		t.Errorf("a recording outside the catalog matched: %+v", v)
	}
}

func TestCatalogRefusesWhatItCannotUse(t *testing.T) {
	ctx := context.Background()
	c, err := catalog.Open(ctx, openStore(t, filepath.Join(t.TempDir(), "s.db")), func() time.Time { return time.Unix(0, 0) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, "  ", "", audiotest.Song(1, 10)); !errors.Is(err, catalog.ErrNoTitle) {
		t.Errorf("no title: err = %v", err)
	}
	if _, err := c.Add(ctx, "Blip", "", audiotest.Song(1, 0.2)); err == nil {
		t.Error("a 0.2 s recording was added")
	}
	if _, err := c.Scan(&audio.Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}); err == nil {
		t.Error("a broken buffer was scanned")
	}
	if c.Len() != 0 {
		t.Errorf("%d tracks after refusals", c.Len())
	}
}
