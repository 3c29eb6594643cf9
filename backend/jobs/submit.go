package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/riverqueue/river"

	"stableaudio/backend/audio"
	"stableaudio/backend/ledger"
)

// MaxSeconds is the longest track a cloud job makes (the 2.0 model's maximum); the engine
// refuses longer ones for models that make less.
const MaxSeconds = 190

// debitKey is the ledger key of a job's debit, from the client's idempotency key; the
// refund follows from it.
func debitKey(clientKey string) string { return "job:" + clientKey }

// Submit debits the job's price (the model's price per track × results) and queues it, in
// one transaction: both happen or neither. The same key returns the job it made first and
// debits nothing more; not enough credits is ledger.ErrInsufficientCredits and queues
// nothing.
func (q *Queue) Submit(ctx context.Context, accountID, key string, req Request) (Job, error) {
	req, price, err := q.check(req)
	if err != nil {
		return Job{}, err
	}
	if req.Input != "" {
		if _, err := q.input(ctx, accountID, req.Input); err != nil {
			return Job{}, err
		}
	}
	if key == "" || len(key) > 200 {
		return Job{}, fmt.Errorf("%w: an idempotency key of 1 to 200 characters is required", ErrBadRequest)
	}
	var out Job
	err = q.cfg.Store(ctx, func(tx Tx) error {
		// The account's lock first: a second submission with the same key waits here and
		// then finds the first one's job, instead of queueing a job of its own.
		if _, err := tx.LockAccount(ctx, accountID); err != nil {
			return err
		}
		prev, found, err := tx.JobByKey(ctx, accountID, key)
		if err != nil || found {
			out = prev
			return err
		}
		j := Job{ID: newID(), AccountID: accountID, Key: key, Request: req, Price: price, Status: Queued,
			CreatedAt: q.cfg.Ledger.Now()}
		if _, err := q.cfg.Ledger.DebitIn(ctx, tx, accountID, ledger.Credits, price, debitKey(key), "cloud job "+j.ID); err != nil {
			return err
		}
		res, err := q.river.InsertTx(ctx, tx.SQL(), generateArgs{JobID: j.ID}, &river.InsertOpts{MaxAttempts: q.cfg.MaxAttempts})
		if err != nil {
			return fmt.Errorf("jobs: queue: %w", err)
		}
		j.RiverID = res.Job.ID
		if inserted, err := tx.InsertJob(ctx, j); err != nil || !inserted {
			return errors.Join(err, fmt.Errorf("jobs: key %q was taken while queueing", key))
		}
		out = j
		return nil
	})
	return out, err
}

// check fills a request's defaults, checks its bounds and prices it.
func (q *Queue) check(req Request) (Request, int64, error) {
	req.Prompt = strings.TrimSpace(req.Prompt)
	if req.Results == 0 {
		req.Results = 1
	}
	switch {
	case req.Prompt == "":
		return req, 0, fmt.Errorf("%w: describe the music in the prompt", ErrBadRequest)
	case req.Seconds < 1 || req.Seconds > MaxSeconds:
		return req, 0, fmt.Errorf("%w: seconds must be 1 to %d", ErrBadRequest, MaxSeconds)
	case req.Results < 1 || req.Results > MaxResults:
		return req, 0, fmt.Errorf("%w: results must be 1 to %d", ErrBadRequest, MaxResults)
	case req.Strength < 0 || req.Strength > 1:
		return req, 0, fmt.Errorf("%w: strength must be 0 to 1", ErrBadRequest)
	case req.Steps < 0 || req.Steps > 500:
		return req, 0, fmt.Errorf("%w: steps must be 0 (the model's) to 500", ErrBadRequest)
	}
	each, err := q.cfg.Plans.Price(req.Model)
	if err != nil {
		return req, 0, err
	}
	return req, each * int64(req.Results), nil
}

// Job reads one of the account's jobs with its results; another account's is ErrNotFound.
func (q *Queue) Job(ctx context.Context, accountID, id string) (Job, error) {
	var j Job
	err := q.cfg.Store(ctx, func(tx Tx) error {
		var found bool
		var err error
		j, found, err = tx.JobByID(ctx, id)
		if err == nil && (!found || j.AccountID != accountID) {
			err = fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return err
	})
	return j, err
}

// Cancel stops one of the account's jobs: a queued job never runs, a running one is
// interrupted, and either is refunded. A job that already ended is ErrFinished.
func (q *Queue) Cancel(ctx context.Context, accountID, id string) (Job, error) {
	j, err := q.Job(ctx, accountID, id)
	if err != nil {
		return j, err
	}
	if j.Status.Final() {
		return j, fmt.Errorf("%w: it is %s", ErrFinished, j.Status)
	}
	if _, err := q.river.JobCancel(ctx, j.RiverID); err != nil {
		return j, fmt.Errorf("jobs: cancel: %w", err)
	}
	if _, err := q.Sweep(ctx); err != nil {
		return j, err
	}
	return q.Job(ctx, accountID, id)
}

// input reads a job's input upload.
func (q *Queue) input(ctx context.Context, accountID, uploadID string) (*audio.Buffer, error) {
	if q.cfg.Inputs == nil {
		return nil, fmt.Errorf("%w: this server makes no audio-to-audio jobs", ErrBadRequest)
	}
	b, err := q.cfg.Inputs(ctx, accountID, uploadID)
	if err != nil {
		return nil, fmt.Errorf("%w: input %s: %v", ErrBadRequest, uploadID, err)
	}
	return b, nil
}

func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return "job_" + hex.EncodeToString(b[:])
}
