// Package server assembles the account server from its parts — store, accounts, ledger,
// HTTP API — for the stableaudio-server command and for the desktop app, which runs it
// in-process on loopback as its "local account".
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/api"
	"stableaudio/backend/audio"
	"stableaudio/backend/billing"
	"stableaudio/backend/catalog"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/license"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
	"stableaudio/backend/upload"
)

// Config says where the server keeps its data and which rules it applies.
type Config struct {
	Database string // SQLite file path, or a postgres:// URL
	// Uploads is the folder kept uploads are written to; "" = "uploads" beside a SQLite
	// database (required with PostgreSQL).
	Uploads string
	Plans   *plan.File // nil = plan.Default()
	Log     *slog.Logger
	Now     func() time.Time // nil = time.Now; tests walk through months
	Hasher  account.Hasher   // zero = the production argon2id parameters
	// Billing configures Stripe; without a secret key billing is off and its routes say so.
	// Its Plans, Store, Ledger and Now are filled in here.
	Billing billing.Config
	// Jobs configures cloud generation; its DB, Store, Ledger, Plans and Log are filled in
	// here, and Dir defaults to "results" beside a SQLite database. Without an Engine (or
	// with no Workers) this process only queues jobs, for `stableaudio-server worker`
	// processes to make.
	Jobs jobs.Config
	// LicenseKey is the file of the Ed25519 key that signs license certificates, made on
	// first start; "" = "license.key" beside a SQLite database (required with PostgreSQL).
	// Every process of one deployment needs the same key.
	LicenseKey string
}

// Server is an assembled account server.
type Server struct {
	DB       *store.DB
	Accounts *account.Service
	Ledger   *ledger.Ledger
	Plans    *plan.File
	Catalog  *catalog.Catalog
	Uploads  *upload.Service
	Billing  *billing.Billing // nil when no Stripe key is configured
	Jobs     *jobs.Queue
	Licenses *license.Signer
	log      *slog.Logger
	http     *http.Server
}

// Open connects to the database, migrates it and builds the services.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Plans == nil {
		cfg.Plans = plan.Default()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	db, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", db.Where(), err)
	}
	accounts, err := account.NewService(db.AccountTx(), cfg.Hasher, account.NewSignInLimits(), cfg.Now)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &Server{DB: db, Accounts: accounts, Ledger: ledger.New(db.LedgerTx(), cfg.Plans, cfg.Now), Plans: cfg.Plans, log: cfg.Log}
	if err := s.openUploads(ctx, cfg); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.openJobs(ctx, cfg); err != nil {
		db.Close()
		return nil, err
	}
	bc := cfg.Billing
	bc.Plans, bc.Store, bc.Ledger, bc.Now = cfg.Plans, db.BillingTx(), s.Ledger, cfg.Now
	switch s.Billing, err = billing.New(bc); {
	case errors.Is(err, billing.ErrNotConfigured):
		s.log.Info("billing is off: no Stripe secret key")
	case err != nil:
		db.Close()
		return nil, err
	case bc.WebhookSecret == "":
		s.log.Warn("billing has no webhook secret (--stripe-webhook-secret): Stripe's events will be refused and payments will not reach accounts")
	}
	handler := api.New(api.Deps{Accounts: s.Accounts, Ledger: s.Ledger, Plans: s.Plans, Uploads: s.Uploads, Billing: s.Billing,
		Jobs: s.Jobs, Licenses: license.NewKeyring(s.Licenses.Public()), Log: s.log}).Handler()
	s.http = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	return s, nil
}

// openUploads loads the catalog of protected recordings and builds the upload service.
func (s *Server) openUploads(ctx context.Context, cfg Config) error {
	dir, err := s.besideDB(cfg.Uploads, "uploads", "say where uploads are kept (Config.Uploads, --uploads)")
	if err != nil {
		return err
	}
	if s.Catalog, err = catalog.Open(ctx, s.DB, cfg.Now); err != nil {
		return err
	}
	s.Uploads, err = upload.New(upload.Config{Ledger: s.Ledger, Store: s.DB, Catalog: s.Catalog, Dir: dir,
		Decode: audio.Decode, Now: cfg.Now})
	return err
}

// besideDB is path, or when it is "" the file name beside a SQLite database; with
// PostgreSQL there is no such place, and the error says what to give instead.
func (s *Server) besideDB(path, name, instead string) (string, error) {
	if path != "" {
		return path, nil
	}
	file, ok := s.DB.SQLiteFile()
	if !ok {
		return "", errors.New("server: with PostgreSQL, " + instead)
	}
	return filepath.Join(filepath.Dir(file), name), nil
}

// openJobs builds the cloud-generation queue and prepares River's tables.
func (s *Server) openJobs(ctx context.Context, cfg Config) error {
	jc := cfg.Jobs
	var err error
	if jc.Dir, err = s.besideDB(jc.Dir, "results", "say where cloud results are kept (Config.Jobs.Dir, --results)"); err != nil {
		return err
	}
	keyFile, err := s.besideDB(cfg.LicenseKey, "license.key", "give the license signing key's file (Config.LicenseKey, --license-key)")
	if err != nil {
		return err
	}
	key, err := license.LoadOrCreateKey(keyFile)
	if err != nil {
		return err
	}
	s.Licenses = license.NewSigner(key)
	jc.DB, jc.Postgres, jc.Store, jc.Ledger, jc.Plans, jc.Log = s.DB.SQL(), s.DB.Postgres(), s.DB.JobsTx(), s.Ledger, s.Plans, s.log
	jc.Signer, jc.Inputs = s.Licenses, s.Uploads.Audio
	if s.Jobs, err = jobs.New(jc); err != nil {
		return err
	}
	return s.Jobs.Migrate(ctx)
}

// Serve answers HTTP on ln, and works cloud jobs when this process has workers, until
// Shutdown; it returns nil after a clean shutdown.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.Jobs.Start(context.Background()); err != nil {
		return err
	}
	s.log.Info("account server listening", "url", "http://"+ln.Addr().String()+"/v1", "database", s.DB.Where())
	if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Work runs this process as a worker only: cloud jobs, no HTTP, until ctx ends.
func (s *Server) Work(ctx context.Context) error {
	if err := s.Jobs.Start(ctx); err != nil {
		return err
	}
	s.log.Info("worker started", "database", s.DB.Where())
	<-ctx.Done()
	return nil
}

// Shutdown stops accepting requests, lets running jobs finish and waits for running
// requests (up to ctx), and closes the database.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	return errors.Join(err, s.Jobs.Stop(ctx), s.DB.Close())
}
