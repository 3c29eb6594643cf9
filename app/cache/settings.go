package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting reads one of the app's settings; ok is false when it was never set.
func (d *DB) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = d.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("cache: reading setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetSetting stores one of the app's settings, replacing what it was.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("cache: storing setting %s: %w", key, err)
	}
	return nil
}
