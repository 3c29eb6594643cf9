package cache

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	dbmigrate "stableaudio/backend/store/migrate"
)

// DB is the open cache. It is safe for concurrent use.
type DB struct {
	sql *sql.DB
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Open opens (creating when missing) the cache at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cache: cannot create folder for %s: %w", path, err)
	}
	// WAL lets the UI read the library while a generation writes; the busy timeout makes
	// a second writer wait instead of failing at once.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: %s: %w", path, err)
	}
	return &DB{sql: db}, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// migrate brings the schema up to date.
func migrate(ctx context.Context, db *sql.DB) error {
	all, err := dbmigrate.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	_, err = dbmigrate.Up(ctx, db, all, nil)
	return err
}
