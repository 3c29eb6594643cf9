package store

import (
	"context"
	"fmt"

	"stableaudio/backend/catalog"
)

var _ catalog.Store = (*DB)(nil)

// InsertCatalogTrack stores a protected track and its fingerprint.
func (d *DB) InsertCatalogTrack(ctx context.Context, t catalog.Track, print []byte) error {
	_, err := d.sql.ExecContext(ctx, d.rebind(`INSERT INTO catalog_tracks (id, title, source, length_ms, print, added_at)
		VALUES (?, ?, ?, ?, ?, ?)`), t.ID, t.Title, t.Source, t.Length.Milliseconds(), print, micros(t.AddedAt))
	if err != nil {
		return fmt.Errorf("store: add catalog track %q: %w", t.Title, err)
	}
	return nil
}

// EachCatalogTrack calls fn for every catalog track, oldest first.
func (d *DB) EachCatalogTrack(ctx context.Context, fn func(t catalog.Track, print []byte) error) error {
	rows, err := d.sql.QueryContext(ctx, `SELECT id, title, source, length_ms, print, added_at FROM catalog_tracks ORDER BY added_at, id`)
	if err != nil {
		return fmt.Errorf("store: read the catalog: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t catalog.Track
		var lengthMS, added int64
		var print []byte
		if err := rows.Scan(&t.ID, &t.Title, &t.Source, &lengthMS, &print, &added); err != nil {
			return fmt.Errorf("store: read the catalog: %w", err)
		}
		t.Length, t.AddedAt = ms(lengthMS), fromMicros(added)
		if err := fn(t, print); err != nil {
			return err
		}
	}
	return rows.Err()
}
