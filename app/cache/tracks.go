package cache

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrNotFound reports an id that is not in the library.
var ErrNotFound = errors.New("track not found")

// Track is one library entry.
type Track struct {
	ID        string
	Prompt    string
	Model     string
	Seed      int64
	Seconds   float64
	CreatedAt time.Time
	FilePath  string
	Peaks     []float32
	Favourite bool

	Negative  string  // what the prompt asked to leave out
	InputName string  // audio to audio: the input recording's file name; "" = text to audio
	Strength  float64 // audio to audio: how much of the input was followed, 0..1

	// Certificate is a cloud track's signed license, as delivered; nil for a local render.
	Certificate []byte
}

const trackColumns = `id, prompt, model, seed, seconds, created_at, file_path, peaks, favourite, negative, input_name, strength, certificate`

// AddTrack stores a new track.
func (d *DB) AddTrack(ctx context.Context, t Track) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO tracks (`+trackColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Prompt, t.Model, t.Seed, t.Seconds, t.CreatedAt.UTC().Format(time.RFC3339Nano),
		t.FilePath, encodePeaks(t.Peaks), t.Favourite, t.Negative, t.InputName, t.Strength, string(t.Certificate))
	if err != nil {
		return fmt.Errorf("cache: add track: %w", err)
	}
	return nil
}

// Tracks lists the library, newest first.
func (d *DB) Tracks(ctx context.Context) ([]Track, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+trackColumns+` FROM tracks ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("cache: list tracks: %w", err)
	}
	defer rows.Close()
	out := []Track{}
	for rows.Next() {
		t, err := scanTrack(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Track returns one track by id.
func (d *DB) Track(ctx context.Context, id string) (Track, error) {
	t, err := scanTrack(d.sql.QueryRowContext(ctx, `SELECT `+trackColumns+` FROM tracks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Track{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return t, err
}

// SetFavourite marks or unmarks a track as a favourite.
func (d *DB) SetFavourite(ctx context.Context, id string, fav bool) error {
	res, err := d.sql.ExecContext(ctx, `UPDATE tracks SET favourite = ? WHERE id = ?`, fav, id)
	if err != nil {
		return fmt.Errorf("cache: set favourite: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}

type scanner interface{ Scan(dest ...any) error }

func scanTrack(s scanner) (Track, error) {
	var (
		t             Track
		created, cert string
		peaks         []byte
	)
	if err := s.Scan(&t.ID, &t.Prompt, &t.Model, &t.Seed, &t.Seconds, &created, &t.FilePath, &peaks, &t.Favourite,
		&t.Negative, &t.InputName, &t.Strength, &cert); err != nil {
		return Track{}, err
	}
	if cert != "" {
		t.Certificate = []byte(cert)
	}
	var err error
	if t.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return Track{}, fmt.Errorf("cache: track %s has a bad date %q: %w", t.ID, created, err)
	}
	t.Peaks = decodePeaks(peaks)
	return t, nil
}

func encodePeaks(p []float32) []byte {
	out := make([]byte, 0, 4*len(p))
	for _, v := range p {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
	}
	return out
}

func decodePeaks(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[i*4:]))
	}
	return out
}
