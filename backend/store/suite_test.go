package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// The suite runs every test on SQLite and, when STABLEAUDIO_TEST_POSTGRES_URL names a
// server (make test starts one with scripts/pg-test-env.sh), on PostgreSQL too; with
// STABLEAUDIO_REQUIRE_POSTGRES=1 a missing server fails instead of running SQLite alone.
func eachDB(t *testing.T, test func(t *testing.T, db *DB)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("STABLEAUDIO_TEST_POSTGRES_URL")
		if base == "" {
			if os.Getenv("STABLEAUDIO_REQUIRE_POSTGRES") == "1" {
				t.Fatal("STABLEAUDIO_TEST_POSTGRES_URL is not set: run scripts/pg-test-env.sh start")
			}
			t.Skip("no PostgreSQL: set STABLEAUDIO_TEST_POSTGRES_URL (scripts/pg-test-env.sh start)")
		}
		test(t, openPostgres(t, base))
	})
}

func openSQLite(t testing.TB) *DB {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

var schemaSeq atomic.Int64

// openPostgres gives the test a schema of its own on the shared server.
func openPostgres(t testing.TB, base string) *DB {
	db, drop, err := OpenSchema(context.Background(), base, fmt.Sprintf("t%d_%d", os.Getpid(), schemaSeq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(); drop() })
	return db
}

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func newLedger(db *DB, c *clock) *ledger.Ledger {
	return ledger.New(db.LedgerTx(), plan.Default(), c.Now)
}

func createAccount(t testing.TB, db *DB, email string, tier plan.Tier, anchor time.Time) account.Account {
	t.Helper()
	a := account.Account{ID: "acct-" + email, Email: email, PasswordHash: "x", Tier: tier, Anchor: anchor, CreatedAt: anchor}
	if err := db.InTx(context.Background(), func(tx *Tx) error { return tx.CreateAccount(context.Background(), a) }); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustState(t *testing.T, l *ledger.Ledger, id string) ledger.State {
	t.Helper()
	s, err := l.State(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMigrationsRunOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		n, err := db.Migrate(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("second migrate ran %d migrations, err %v", n, err)
		}
		if !strings.Contains(db.Where(), "SQLite") && !strings.Contains(db.Where(), "PostgreSQL") {
			t.Errorf("Where() = %q", db.Where())
		}
	})
}
