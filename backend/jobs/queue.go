package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/ledger"
	"stableaudio/backend/license"
	"stableaudio/backend/plan"
)

// Defaults of Config's timings.
const (
	DefaultJobTimeout  = 10 * time.Minute
	DefaultSweepEvery  = 10 * time.Second
	DefaultMaxAttempts = 3
)

// Config is what the queue needs.
type Config struct {
	// DB is the database River shares with the store; Postgres says which it is.
	DB       *sql.DB
	Postgres bool
	Store    RunTx
	Ledger   *ledger.Ledger
	Plans    *plan.File // nil = the ledger's
	// Engine generates; nil makes a client that only submits (an API server whose work is
	// done by `stableaudio-server worker` processes).
	Engine generate.Engine
	// Workers is how many jobs this process generates at once (with an Engine).
	Workers int
	// Dir is the folder results are written to; every process with workers needs the same.
	Dir string
	// Signer signs each result's license certificate; required with workers.
	Signer *license.Signer
	// Inputs reads one of an account's kept uploads, the input of audio to audio; nil
	// refuses jobs with an input.
	Inputs func(ctx context.Context, accountID, uploadID string) (*audio.Buffer, error)
	// JobTimeout bounds one attempt; a job still running this long after it started is
	// also rescued (its worker is taken to be gone) and tried again.
	JobTimeout time.Duration
	// PollInterval is how often workers look for new jobs (SQLite has no notifications).
	PollInterval time.Duration
	// SweepEvery is how often jobs that ended without results are refunded.
	SweepEvery  time.Duration
	MaxAttempts int
	Log         *slog.Logger
	// ID names this process among River's clients (default: River's own).
	ID string
}

// Queue submits, runs and refunds cloud jobs.
type Queue struct {
	cfg      Config
	river    *river.Client[*sql.Tx]
	driver   riverdriver.Driver[*sql.Tx]
	complete func(ctx context.Context, tx *sql.Tx, job *river.Job[generateArgs]) error
}

// New builds the queue; Migrate prepares River's tables, Start begins working.
func New(cfg Config) (*Queue, error) {
	if cfg.DB == nil || cfg.Store == nil || cfg.Ledger == nil {
		return nil, errors.New("jobs: DB, Store and Ledger are required")
	}
	if cfg.Plans == nil {
		cfg.Plans = cfg.Ledger.Plans()
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = DefaultJobTimeout
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = DefaultSweepEvery
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	q := &Queue{cfg: cfg}
	if cfg.Postgres {
		d := riverdatabasesql.New(cfg.DB)
		q.driver = d
		q.complete = func(ctx context.Context, tx *sql.Tx, job *river.Job[generateArgs]) error {
			_, err := river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
			return err
		}
	} else {
		d := riversqlite.New(cfg.DB)
		q.driver = d
		q.complete = func(ctx context.Context, tx *sql.Tx, job *river.Job[generateArgs]) error {
			_, err := river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
			return err
		}
	}
	rc := &river.Config{
		ID:                   cfg.ID,
		Logger:               cfg.Log,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.JobTimeout + cfg.JobTimeout/2,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(cfg.PollInterval, 100*time.Millisecond),
		MaxAttempts:          cfg.MaxAttempts,
	}
	if cfg.Engine != nil && cfg.Workers > 0 {
		if cfg.Signer == nil {
			return nil, errors.New("jobs: workers need a Signer for the results' licenses")
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &generateWorker{q: q})
		river.AddWorker(workers, &sweepWorker{q: q})
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.SweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})}
	}
	var err error
	if q.river, err = river.NewClient(q.driver, rc); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return q, nil
}

// Migrate creates or updates River's tables.
func (q *Queue) Migrate(ctx context.Context) error {
	m, err := rivermigrate.New(q.driver, &rivermigrate.Config{Logger: q.cfg.Log})
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate River's tables: %w", err)
	}
	return nil
}

// Start begins working jobs (a submit-only queue has nothing to start).
func (q *Queue) Start(ctx context.Context) error {
	if q.cfg.Engine == nil || q.cfg.Workers <= 0 {
		return nil
	}
	return q.river.Start(ctx)
}

// Stop lets running jobs finish (up to ctx), then stops.
func (q *Queue) Stop(ctx context.Context) error {
	if q.cfg.Engine == nil || q.cfg.Workers <= 0 {
		return nil
	}
	return q.river.Stop(ctx)
}
