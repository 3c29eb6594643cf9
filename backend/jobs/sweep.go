package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
)

// sweepArgs is the periodic job that refunds jobs which ended without results.
type sweepArgs struct{}

func (sweepArgs) Kind() string { return "refund_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	q *Queue
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	_, err := w.q.Sweep(ctx)
	return err
}

// Sweep refunds every job whose River job ended without delivering — out of attempts
// (failed, timed out, its worker killed once too often) or cancelled — and returns how many
// it refunded. Each refund moves the job out of queued/running in the same transaction as
// the ledger refund, and the ledger keys the refund by the debit, so a job is refunded at
// most once, and never after it was delivered.
func (q *Queue) Sweep(ctx context.Context) (int, error) {
	var (
		ended  []Job
		states []string
	)
	err := q.cfg.Store(ctx, func(tx Tx) error {
		var err error
		ended, states, err = tx.EndedWithoutResults(ctx, 500)
		return err
	})
	if err != nil {
		return 0, err
	}
	refunded := 0
	for i, j := range ended {
		to, why := Failed, "the job failed"
		if states[i] == "cancelled" {
			to, why = Cancelled, "the job was cancelled"
		}
		moved := false
		err := q.cfg.Store(ctx, func(tx Tx) error {
			var err error
			if moved, err = tx.MoveJob(ctx, j.ID, []Status{Queued, Running}, to, q.cfg.Ledger.Now(), why); err != nil || !moved {
				return err
			}
			_, err = q.cfg.Ledger.RefundIn(ctx, tx, j.AccountID, debitKey(j.Key), fmt.Sprintf("%s: %s, credits returned", j.ID, why))
			return err
		})
		if err != nil {
			return refunded, err
		}
		if moved {
			refunded++
		}
	}
	return refunded, nil
}
