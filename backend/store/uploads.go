package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/upload"
)

var _ upload.Store = (*DB)(nil)

// InsertUpload records an upload; false when the account already has one with its key.
// A match is stored as the catalog track's id (its title is read back from the catalog).
func (d *DB) InsertUpload(ctx context.Context, r upload.Record) (bool, error) {
	var track sql.NullString
	var offset sql.NullInt64
	var confidence sql.NullFloat64
	if m := r.Match; m != nil {
		track = sql.NullString{String: m.TrackID, Valid: true}
		offset = sql.NullInt64{Int64: m.Offset.Milliseconds(), Valid: true}
		confidence = sql.NullFloat64{Float64: m.Confidence, Valid: true}
	}
	res, err := d.sql.ExecContext(ctx, d.rebind(`INSERT INTO uploads (id, account_id, idem_key, name, status,
		original_ms, length_ms, charged_seconds, matched_track, match_offset_ms, match_confidence, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, idem_key) DO NOTHING`),
		r.ID, r.AccountID, r.Key, r.Name, string(r.Status), r.Original.Milliseconds(), r.Length.Milliseconds(), r.Charged,
		track, offset, confidence, micros(r.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("store: record upload: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UploadByKey reads an account's upload by its idempotency key.
func (d *DB) UploadByKey(ctx context.Context, accountID, key string) (upload.Record, bool, error) {
	return d.oneUpload(ctx, `u.account_id = ? AND u.idem_key = ?`, accountID, key)
}

// UploadByID reads an account's upload by its id.
func (d *DB) UploadByID(ctx context.Context, accountID, id string) (upload.Record, bool, error) {
	return d.oneUpload(ctx, `u.account_id = ? AND u.id = ?`, accountID, id)
}

func (d *DB) oneUpload(ctx context.Context, where string, args ...any) (upload.Record, bool, error) {
	row := d.sql.QueryRowContext(ctx, d.rebind(`SELECT u.id, u.account_id, u.idem_key, u.name, u.status,
		u.original_ms, u.length_ms, u.charged_seconds, u.matched_track, c.title, u.match_offset_ms, u.match_confidence, u.created_at
		FROM uploads u LEFT JOIN catalog_tracks c ON c.id = u.matched_track
		WHERE `+where), args...)
	var r upload.Record
	var status string
	var original, length, created int64
	var track, title sql.NullString
	var offset sql.NullInt64
	var confidence sql.NullFloat64
	err := row.Scan(&r.ID, &r.AccountID, &r.Key, &r.Name, &status, &original, &length, &r.Charged,
		&track, &title, &offset, &confidence, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return upload.Record{}, false, nil
	}
	if err != nil {
		return upload.Record{}, false, fmt.Errorf("store: read upload: %w", err)
	}
	r.Status, r.Original, r.Length, r.CreatedAt = upload.Status(status), ms(original), ms(length), fromMicros(created)
	if track.Valid {
		r.Match = &upload.Match{TrackID: track.String, Title: title.String, Offset: ms(offset.Int64), Confidence: confidence.Float64}
	}
	return r, true, nil
}

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }
