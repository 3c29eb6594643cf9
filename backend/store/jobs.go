package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"stableaudio/backend/jobs"
)

var _ jobs.Tx = (*Tx)(nil)

// JobsTx runs the job queue's transactions on this store.
func (d *DB) JobsTx() jobs.RunTx {
	return func(ctx context.Context, fn func(jobs.Tx) error) error {
		return d.InTx(ctx, func(tx *Tx) error { return fn(tx) })
	}
}

// SQL is the connection pool, for River, which shares the database.
func (d *DB) SQL() *sql.DB { return d.sql }

// Postgres reports a PostgreSQL store.
func (d *DB) Postgres() bool { return d.dialect == postgresDialect }

// SQL is the transaction, for River's inserts and completions inside it.
func (t *Tx) SQL() *sql.Tx { return t.tx }

const jobColumns = `id, account_id, idem_key, river_id, request, price, status, progress, error, created_at, started_at, finished_at`

// InsertJob records a job unless the account has one with its key.
func (t *Tx) InsertJob(ctx context.Context, j jobs.Job) (bool, error) {
	req, err := json.Marshal(j.Request)
	if err != nil {
		return false, err
	}
	res, err := t.exec(ctx, `INSERT INTO cloud_jobs (`+jobColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, idem_key) DO NOTHING`, j.ID, j.AccountID, j.Key, j.RiverID, string(req), j.Price,
		string(j.Status), j.Progress, j.Error, micros(j.CreatedAt), micros(j.StartedAt), micros(j.FinishedAt))
	if err != nil {
		return false, fmt.Errorf("store: record job: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// JobByKey reads an account's job by its idempotency key.
func (t *Tx) JobByKey(ctx context.Context, accountID, key string) (jobs.Job, bool, error) {
	return t.oneJob(ctx, `account_id = ? AND idem_key = ?`, accountID, key)
}

// JobByID reads a job and its results.
func (t *Tx) JobByID(ctx context.Context, id string) (jobs.Job, bool, error) {
	return t.oneJob(ctx, `id = ?`, id)
}

func (t *Tx) oneJob(ctx context.Context, where string, args ...any) (jobs.Job, bool, error) {
	rows, err := t.query(ctx, `SELECT `+jobColumns+` FROM cloud_jobs WHERE `+where, args...)
	if err != nil {
		return jobs.Job{}, false, fmt.Errorf("store: read job: %w", err)
	}
	js, err := scanJobs(rows)
	if err != nil || len(js) == 0 {
		return jobs.Job{}, false, err
	}
	j := js[0]
	rrows, err := t.query(ctx, `SELECT n, seed, seed_drawn, seconds, sha256, path, certificate FROM cloud_results WHERE job_id = ? ORDER BY n`, j.ID)
	if err != nil {
		return j, false, fmt.Errorf("store: read results: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var r jobs.Result
		var drawn int
		var cert string
		if err := rrows.Scan(&r.N, &r.Seed, &drawn, &r.Seconds, &r.SHA256, &r.Path, &cert); err != nil {
			return j, false, err
		}
		r.SeedDrawn, r.Certificate = drawn == 1, []byte(cert)
		j.Results = append(j.Results, r)
	}
	return j, true, rrows.Err()
}

func scanJobs(rows *sql.Rows) ([]jobs.Job, error) {
	defer rows.Close()
	var out []jobs.Job
	for rows.Next() {
		var (
			j                          jobs.Job
			req, status                string
			created, started, finished int64
		)
		if err := rows.Scan(&j.ID, &j.AccountID, &j.Key, &j.RiverID, &req, &j.Price, &status, &j.Progress, &j.Error,
			&created, &started, &finished); err != nil {
			return nil, fmt.Errorf("store: read job: %w", err)
		}
		if err := json.Unmarshal([]byte(req), &j.Request); err != nil {
			return nil, fmt.Errorf("store: job %s: request: %w", j.ID, err)
		}
		j.Status = jobs.Status(status)
		j.CreatedAt, j.StartedAt, j.FinishedAt = fromMicros(created), fromMicros(started), fromMicros(finished)
		out = append(out, j)
	}
	return out, rows.Err()
}

// MoveJob changes a job's status when it is in one of from.
func (t *Tx) MoveJob(ctx context.Context, id string, from []jobs.Status, to jobs.Status, at time.Time, errText string) (bool, error) {
	args := []any{string(to), errText}
	set := `status = ?, error = ?`
	switch {
	case to == jobs.Running:
		set += `, started_at = CASE WHEN started_at = 0 THEN ? ELSE started_at END`
		args = append(args, micros(at))
	case to.Final():
		set += `, finished_at = ?`
		args = append(args, micros(at))
		if to == jobs.Done {
			set += `, progress = 1`
		}
	}
	args = append(args, id)
	marks := make([]string, len(from))
	for i, s := range from {
		marks[i] = "?"
		args = append(args, string(s))
	}
	res, err := t.exec(ctx, `UPDATE cloud_jobs SET `+set+` WHERE id = ? AND status IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return false, fmt.Errorf("store: move job: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetProgress records how far a job has come.
func (t *Tx) SetProgress(ctx context.Context, id string, progress float64) error {
	_, err := t.exec(ctx, `UPDATE cloud_jobs SET progress = ? WHERE id = ? AND status = 'running'`, progress, id)
	return err
}

// InsertResult records one result of a job.
func (t *Tx) InsertResult(ctx context.Context, jobID, accountID string, r jobs.Result, at time.Time) error {
	print := r.Print
	if print == nil {
		print = []byte{}
	}
	_, err := t.exec(ctx, `INSERT INTO cloud_results (job_id, n, account_id, seed, seed_drawn, seconds, sha256, print, path, certificate, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, jobID, r.N, accountID, r.Seed, flag(r.SeedDrawn), r.Seconds, r.SHA256, print, r.Path,
		string(r.Certificate), micros(at))
	if err != nil {
		return fmt.Errorf("store: record result: %w", err)
	}
	return nil
}

// HashDelivered reports audio the account already received.
func (t *Tx) HashDelivered(ctx context.Context, accountID, sha256 string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM cloud_results WHERE account_id = ? AND sha256 = ?`, accountID, sha256).Scan(&n)
	return n > 0, err
}

// EachPrint calls fn with the fingerprint of each of the account's results.
func (t *Tx) EachPrint(ctx context.Context, accountID string, fn func(trackID string, print []byte) error) error {
	rows, err := t.query(ctx, `SELECT job_id, n, print FROM cloud_results WHERE account_id = ? ORDER BY created_at`, accountID)
	if err != nil {
		return fmt.Errorf("store: read prints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var job string
		var n int
		var print []byte
		if err := rows.Scan(&job, &n, &print); err != nil {
			return err
		}
		if len(print) > 0 {
			if err := fn(fmt.Sprintf("%s/%d", job, n), print); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// SeedDrawn reports a seed the server already drew for the account.
func (t *Tx) SeedDrawn(ctx context.Context, accountID string, seed int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM cloud_results WHERE account_id = ? AND seed = ? AND seed_drawn = 1`, accountID, seed).Scan(&n)
	return n > 0, err
}

// EndedWithoutResults lists open jobs whose River job is discarded or cancelled.
func (t *Tx) EndedWithoutResults(ctx context.Context, limit int) ([]jobs.Job, []string, error) {
	rows, err := t.query(ctx, `SELECT c.id, c.account_id, c.idem_key, r.state FROM cloud_jobs c JOIN river_job r ON r.id = c.river_id
		WHERE c.status IN ('queued', 'running') AND r.state IN ('discarded', 'cancelled') ORDER BY c.created_at LIMIT ?`, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: ended jobs: %w", err)
	}
	defer rows.Close()
	var (
		out    []jobs.Job
		states []string
	)
	for rows.Next() {
		var j jobs.Job
		var state string
		if err := rows.Scan(&j.ID, &j.AccountID, &j.Key, &state); err != nil {
			return nil, nil, err
		}
		out, states = append(out, j), append(states, state)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, err
	}
	return out, states, nil
}

// GeneratedTracks calls fn for every delivered cloud result, oldest first: the tracks the
// terms allow to be used for training. Uploads are never among them (they are another
// table, and this query does not read it).
func (d *DB) GeneratedTracks(ctx context.Context, fn func(jobs.TrainingTrack) error) error {
	rows, err := d.sql.QueryContext(ctx, `SELECT j.id, r.n, j.account_id, j.request, r.seed, r.seconds, r.sha256, r.path
		FROM cloud_results r JOIN cloud_jobs j ON j.id = r.job_id WHERE j.status = 'done' ORDER BY r.created_at, j.id, r.n`)
	if err != nil {
		return fmt.Errorf("store: generated tracks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tr jobs.TrainingTrack
		var req string
		var n int
		if err := rows.Scan(&tr.JobID, &n, &tr.AccountID, &req, &tr.Seed, &tr.Seconds, &tr.SHA256, &tr.Path); err != nil {
			return err
		}
		var r jobs.Request
		if err := json.Unmarshal([]byte(req), &r); err != nil {
			return err
		}
		tr.TrackID, tr.Prompt, tr.Negative, tr.Model = fmt.Sprintf("%s/%d", tr.JobID, n), r.Prompt, r.Negative, r.Model
		if err := fn(tr); err != nil {
			return err
		}
	}
	return rows.Err()
}
