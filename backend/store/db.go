// Package store is the account server's SQL storage, on SQLite (the default, one file) or
// PostgreSQL (several server processes on one database). Both run the same queries, written
// with "?" placeholders and rebound for PostgreSQL; only the migrations and the row lock
// differ. Tx implements the domain packages' transaction interfaces.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"stableaudio/backend/account"
	"stableaudio/backend/ledger"
	"stableaudio/backend/store/migrate"
)

type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// DB is an open store.
type DB struct {
	sql     *sql.DB
	dialect dialect
	where   string // for logs: the file or the host, never a password
}

//go:embed migrations
var migrationFiles embed.FS

// Open connects to the database named by url: "postgres://…" (or "postgresql://…") for
// PostgreSQL; otherwise a SQLite file path, optionally prefixed "sqlite:". It does not
// migrate: call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	d := &DB{}
	var err error
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		d.dialect = postgresDialect
		d.where = redact(url)
		d.sql, err = sql.Open("pgx", url)
	default:
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			return nil, errors.New("store: no database given")
		}
		d.where, _ = filepath.Abs(path)
		// WAL lets readers run beside the writer; IMMEDIATE transactions take the write
		// lock at BEGIN, so two ledger operations queue instead of deadlocking on upgrade;
		// the busy timeout is how long one waits for the other.
		d.sql, err = sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)"+
			"&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d.where, err)
	}
	if err := d.sql.PingContext(ctx); err != nil {
		d.sql.Close()
		return nil, fmt.Errorf("store: cannot reach %s: %w", d.where, err)
	}
	return d, nil
}

// Where names the database for logs, without credentials.
func (d *DB) Where() string {
	if d.dialect == postgresDialect {
		return "PostgreSQL " + d.where
	}
	return "SQLite " + d.where
}

// SQLiteFile is the database file's absolute path, and false on PostgreSQL.
func (d *DB) SQLiteFile() (string, bool) { return d.where, d.dialect == sqliteDialect }

// Migrate brings the schema up to date and returns how many migrations ran.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	dir := "migrations/sqlite"
	if d.dialect == postgresDialect {
		dir = "migrations/postgres"
	}
	all, err := migrate.Load(migrationFiles, dir)
	if err != nil {
		return 0, err
	}
	return migrate.Up(ctx, d.sql, all, d.rebind)
}

// Close closes the connection pool.
func (d *DB) Close() error { return d.sql.Close() }

// InTx runs fn in a transaction, committed when fn returns nil.
func (d *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(&Tx{tx: tx, db: d}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Tx is one transaction.
type Tx struct {
	tx *sql.Tx
	db *DB
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.rebind(q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.rebind(q), args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
}

// rebind turns "?" placeholders into PostgreSQL's $1, $2, … (queries here have no "?"
// inside string literals).
func (d *DB) rebind(q string) string {
	if d.dialect != postgresDialect {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// forUpdate is the row-lock clause: PostgreSQL locks the row; SQLite's IMMEDIATE
// transaction already holds the database's write lock.
func (d *DB) forUpdate() string {
	if d.dialect == postgresDialect {
		return " FOR UPDATE"
	}
	return ""
}

// isUniqueViolation reports a unique-constraint failure on either database.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

func redact(url string) string {
	if at := strings.LastIndex(url, "@"); at >= 0 {
		if scheme := strings.Index(url, "://"); scheme >= 0 && scheme < at {
			return url[:scheme+3] + "…@" + url[at+1:]
		}
	}
	return url
}

// AccountTx runs account-service transactions on this store.
func (d *DB) AccountTx() account.RunTx {
	return func(ctx context.Context, fn func(account.Tx) error) error {
		return d.InTx(ctx, func(tx *Tx) error { return fn(tx) })
	}
}

// LedgerTx runs ledger transactions on this store.
func (d *DB) LedgerTx() ledger.RunTx {
	return func(ctx context.Context, fn func(ledger.Tx) error) error {
		return d.InTx(ctx, func(tx *Tx) error { return fn(tx) })
	}
}
