package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// OpenSchema opens the PostgreSQL server at base inside a schema of its own, created when
// missing, and migrates it; drop removes the schema and everything in it. Several servers
// (or test runs) share one PostgreSQL server this way without seeing each other's rows.
func OpenSchema(ctx context.Context, base, schema string) (db *DB, drop func() error, err error) {
	if !schemaName.MatchString(schema) {
		return nil, nil, fmt.Errorf("store: %q is not a plain lower-case schema name", schema)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		return nil, nil, fmt.Errorf("store: PostgreSQL at %s: %w", redact(base), err)
	}
	drop = func() error {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		return err
	}
	in, err := SchemaURL(base, schema)
	if err != nil {
		drop()
		return nil, nil, err
	}
	if db, err = Open(ctx, in); err != nil {
		drop()
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		drop()
		return nil, nil, err
	}
	return db, drop, nil
}

// SchemaURL is the address of the PostgreSQL server at base that works in schema.
func SchemaURL(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
