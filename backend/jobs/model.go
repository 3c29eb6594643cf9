// Package jobs runs cloud generation on River (github.com/riverqueue/river): a submitted job
// is debited, written and queued in one transaction; workers (in the server process, or in
// `stableaudio-server worker` processes) generate it; a job that fails for good, is
// cancelled or times out is refunded through the ledger — once, and never as well as
// delivered.
//
// The same code runs on SQLite (River's riversqlite driver) and PostgreSQL
// (riverdatabasesql over pgx's database/sql driver): both hand River a *sql.Tx, the one the
// store's transaction holds.
//
// Files: queue.go (River's client and migrations), submit.go (submit, read, cancel),
// worker.go (generation), sweep.go (refunds of jobs that ended without results).
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stableaudio/backend/ledger"
)

// Request is what a user asks a cloud job to make.
type Request struct {
	Prompt   string  `json:"prompt"`
	Negative string  `json:"negative"`
	Model    string  `json:"model"`
	Seconds  float64 `json:"seconds"`
	// Seed is the user's own; nil lets the server draw one per result.
	Seed     *int64  `json:"seed"`
	Steps    int     `json:"steps"`
	Strength float64 `json:"strength"` // with Input: how much of it the result follows, 0 to 1
	Results  int     `json:"results"`  // 1 to MaxResults
	// Input is one of the account's kept uploads for audio to audio; "" for text to audio.
	Input string `json:"input"`
}

// MaxResults is how many results one request may ask for.
const MaxResults = 4

// Status is where a job stands. Done, failed and cancelled are final.
type Status string

const (
	Queued    Status = "queued"
	Running   Status = "running"
	Done      Status = "done"
	Failed    Status = "failed"    // refunded
	Cancelled Status = "cancelled" // refunded
)

// Final reports a status a job does not leave.
func (s Status) Final() bool { return s == Done || s == Failed || s == Cancelled }

// Job is one submitted request.
type Job struct {
	ID, AccountID, Key string
	RiverID            int64
	Request            Request
	Price              int64 // credits debited
	Status             Status
	Progress           float64 // 0..1
	Error              string
	CreatedAt          time.Time
	StartedAt          time.Time
	FinishedAt         time.Time
	Results            []Result
}

// Result is one generated track of a job.
type Result struct {
	N         int
	Seed      int64
	SeedDrawn bool // drawn by the server (never twice for an account), not the user's
	Seconds   float64
	SHA256    string
	Path      string
	// Certificate is the signed license (backend/license) the track was delivered with.
	Certificate []byte
	// Print is the audio's fingerprint (fingerprint.Print's binary form); empty when the
	// track is too short to fingerprint.
	Print []byte
}

// Errors the API maps to answers.
var (
	ErrBadRequest = errors.New("invalid job request")
	ErrNotFound   = errors.New("no such job")
	ErrFinished   = errors.New("the job has already ended")
)

// Tx is what jobs needs from storage inside one transaction: the ledger's part, River's
// handle on the same transaction, and the account's side of the jobs.
type Tx interface {
	ledger.Tx
	// SQL is the transaction itself, for River.
	SQL() *sql.Tx
	// InsertJob records a new job; false when the account already has one with its key.
	InsertJob(ctx context.Context, j Job) (bool, error)
	JobByKey(ctx context.Context, accountID, key string) (Job, bool, error)
	// JobByID reads a job with its results.
	JobByID(ctx context.Context, id string) (Job, bool, error)
	// MoveJob changes a job's status from one of from to to, reporting false (and changing
	// nothing) when the job is not in one of from: the guard that lets only one of
	// "delivered" and "refunded" happen.
	MoveJob(ctx context.Context, id string, from []Status, to Status, at time.Time, errText string) (bool, error)
	SetProgress(ctx context.Context, id string, progress float64) error
	InsertResult(ctx context.Context, jobID, accountID string, r Result, at time.Time) error
	// HashDelivered reports whether the account already received audio with this SHA-256.
	HashDelivered(ctx context.Context, accountID, sha256 string) (bool, error)
	// EachPrint calls fn with the fingerprint of every result the account received.
	EachPrint(ctx context.Context, accountID string, fn func(trackID string, print []byte) error) error
	// SeedDrawn reports whether the server already drew seed for one of the account's results.
	SeedDrawn(ctx context.Context, accountID string, seed int64) (bool, error)
	// EndedWithoutResults lists open jobs whose River job was discarded (out of
	// attempts) or cancelled, with River's final state.
	EndedWithoutResults(ctx context.Context, limit int) ([]Job, []string, error)
}

// RunTx runs fn in a transaction, committed when it returns nil.
type RunTx func(ctx context.Context, fn func(Tx) error) error

// TrainingTrack is a generated track as the training export lists it.
type TrainingTrack struct {
	TrackID   string  `json:"trackId"`
	JobID     string  `json:"jobId"`
	AccountID string  `json:"accountId"`
	Prompt    string  `json:"prompt"`
	Negative  string  `json:"negative"`
	Model     string  `json:"model"`
	Seed      int64   `json:"seed"`
	Seconds   float64 `json:"seconds"`
	SHA256    string  `json:"sha256"`
	Path      string  `json:"path"`
}
