package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"stableaudio/backend/generate"
	"stableaudio/backend/generate/builtin"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
	"stableaudio/backend/store/storetest"
)

// BenchmarkQueue puts jobs of one 5-second track through the queue with the built-in model
// and two workers, on each database, and times the same renders called directly: the
// difference is what the queue costs a job (debit, River insert and fetch, progress,
// delivery, completion).
//
//	go test -run '^$' -bench Queue -benchtime 40x ./backend/jobs   (make bench)
func BenchmarkQueue(b *testing.B) {
	if _, err := generate.LoadRuntime(""); err != nil {
		b.Skip("needs ONNX Runtime: make onnxruntime")
	}
	eng, err := builtin.New()
	if err != nil {
		b.Fatal(err)
	}
	req := jobs.Request{Prompt: "driving techno, 130 BPM, A minor", Model: "2.0", Seconds: 5, Results: 1}
	const workers = 2

	var direct time.Duration
	b.Run("direct", func(b *testing.B) {
		start := time.Now()
		sem := make(chan struct{}, workers)
		done := make(chan error, b.N)
		for i := range b.N {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				_, err := eng.Generate(context.Background(), generate.Request{Prompt: req.Prompt, Model: req.Model, Seconds: req.Seconds, Seed: int64(i)})
				done <- err
			}()
		}
		for range b.N {
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
		direct = time.Since(start)
		b.ReportMetric(float64(b.N)/direct.Seconds(), "jobs/s")
	})

	bench := func(b *testing.B, db *store.DB) {
		l := ledger.New(db.LedgerTx(), plan.Default(), nil)
		q, err := jobs.New(jobs.Config{DB: db.SQL(), Postgres: db.Postgres(), Store: db.JobsTx(), Ledger: l, Engine: eng,
			Workers: workers, Dir: b.TempDir(), Signer: signer, PollInterval: 20 * time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		if err := q.Migrate(context.Background()); err == nil {
			err = q.Start(context.Background())
		}
		if err != nil {
			b.Fatal(err)
		}
		defer q.Stop(context.Background())
		r := &rig{t: b, ctx: context.Background(), db: db, ledger: l, queue: q}
		acc := r.account("bench@example.com", int64(2*b.N+20))
		b.ResetTimer()
		start := time.Now()
		ids := make([]string, b.N)
		for i := range b.N {
			j, err := q.Submit(r.ctx, acc, fmt.Sprint(i), req)
			if err != nil {
				b.Fatal(err)
			}
			ids[i] = j.ID
		}
		for _, id := range ids {
			for {
				j, err := q.Job(r.ctx, acc, id)
				if err != nil {
					b.Fatal(err)
				}
				if j.Status == jobs.Done {
					break
				}
				if j.Status.Final() {
					b.Fatalf("job %s %s: %s", id, j.Status, j.Error)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		took := time.Since(start)
		b.ReportMetric(float64(b.N)/took.Seconds(), "jobs/s")
		if direct > 0 {
			b.ReportMetric(float64((took-direct).Milliseconds())*workers/float64(b.N), "overhead-ms/job")
		}
	}
	b.Run("sqlite", func(b *testing.B) { bench(b, storetest.SQLite(b)) })
	if base := storetest.PostgresURL(); base != "" {
		b.Run("postgres", func(b *testing.B) { bench(b, storetest.Postgres(b, base)) })
	}
}
