package store

import (
	"context"
	"testing"
	"time"

	"stableaudio/backend/catalog"
	"stableaudio/backend/plan"
	"stableaudio/backend/upload"
)

// Catalog tracks and upload records round-trip on both databases: a second record with
// the same key is not stored, and a matched upload reads back with its catalog track's
// title.
func TestCatalogAndUploadRecords(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		a := createAccount(t, db, "up@example.com", plan.TierFree, now)
		track := catalog.Track{ID: "cat_1", Title: "Protected", Source: "p.flac", Length: 95500 * time.Millisecond, AddedAt: now}
		if err := db.InsertCatalogTrack(ctx, track, []byte{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
		var read []catalog.Track
		var prints [][]byte
		db.EachCatalogTrack(ctx, func(tr catalog.Track, p []byte) error {
			read, prints = append(read, tr), append(prints, p)
			return nil
		})
		if len(read) != 1 || read[0] != track || string(prints[0]) != "\x01\x02\x03" {
			t.Fatalf("catalog read back %+v %v; want %+v", read, prints, track)
		}

		matched := upload.Record{ID: "upl_1", AccountID: a.ID, Key: "k1", Name: "take.wav", Status: upload.Matched,
			Original: 45 * time.Second, Length: 30 * time.Second, Charged: 30, CreatedAt: now,
			Match: &upload.Match{TrackID: "cat_1", Offset: 12500 * time.Millisecond, Confidence: 0.875}}
		if ok, err := db.InsertUpload(ctx, matched); err != nil || !ok {
			t.Fatalf("insert: %v %v", ok, err)
		}
		again := matched
		again.ID = "upl_2"
		if ok, err := db.InsertUpload(ctx, again); err != nil || ok {
			t.Fatalf("a second record with the same key: inserted %v, %v", ok, err)
		}
		got, found, err := db.UploadByKey(ctx, a.ID, "k1")
		if err != nil || !found {
			t.Fatalf("read: %v %v", found, err)
		}
		want := matched
		want.Match = &upload.Match{TrackID: "cat_1", Title: "Protected", Offset: 12500 * time.Millisecond, Confidence: 0.875}
		if got.ID != want.ID || got.Status != want.Status || got.Original != want.Original || got.Length != want.Length ||
			got.Charged != want.Charged || !got.CreatedAt.Equal(want.CreatedAt) || *got.Match != *want.Match {
			t.Errorf("read back %+v (match %+v), want %+v (match %+v)", got, got.Match, want, want.Match)
		}
		if _, found, err := db.UploadByKey(ctx, a.ID, "other"); err != nil || found {
			t.Errorf("an unknown key: found %v, %v", found, err)
		}
		if _, found, err := db.UploadByKey(ctx, "someone else", "k1"); err != nil || found {
			t.Errorf("another account's key: found %v, %v", found, err)
		}
	})
}
