// Package storetest opens migrated stores for other packages' tests: SQLite in a temporary
// folder, and PostgreSQL — a schema of its own on the server make test starts
// (scripts/pg-test-env.sh) — when STABLEAUDIO_TEST_POSTGRES_URL names one.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"stableaudio/backend/store"
)

// PostgresURL is the PostgreSQL server tests may use, "" when there is none.
func PostgresURL() string { return os.Getenv("STABLEAUDIO_TEST_POSTGRES_URL") }

var schemas atomic.Int64

// SQLite opens a store in a file of its own, closed when the test ends.
func SQLite(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "server.db"))
	if err == nil {
		_, err = db.Migrate(context.Background())
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Postgres opens a store in a schema of its own on the server at base, dropped when the
// test ends.
func Postgres(tb testing.TB, base string) *store.DB {
	tb.Helper()
	db, drop, err := store.OpenSchema(context.Background(), base, fmt.Sprintf("t%d_%d", os.Getpid(), schemas.Add(1)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close(); drop() })
	return db
}

// Each runs test on SQLite and on PostgreSQL; without a PostgreSQL server that half is
// skipped, or fails when STABLEAUDIO_REQUIRE_POSTGRES=1 (as make test sets).
func Each(t *testing.T, test func(t *testing.T, open func(*testing.T) *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { test(t, func(t *testing.T) *store.DB { return SQLite(t) }) })
	t.Run("postgres", func(t *testing.T) {
		base := PostgresURL()
		if base == "" {
			if os.Getenv("STABLEAUDIO_REQUIRE_POSTGRES") == "1" {
				t.Fatal("STABLEAUDIO_TEST_POSTGRES_URL is not set: run scripts/pg-test-env.sh start")
			}
			t.Skip("no PostgreSQL: set STABLEAUDIO_TEST_POSTGRES_URL (make test starts one)")
		}
		test(t, func(t *testing.T) *store.DB { return Postgres(t, base) })
	})
}
