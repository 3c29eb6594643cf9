package jobs_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/license"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
	"stableaudio/backend/store/storetest"
)

// engine is a generation engine for the queue's tests: a short tone that depends on the
// seed, after an optional wait; it can fail, or block until cancelled.
type engine struct {
	fail     atomic.Bool
	block    atomic.Bool
	sameTune atomic.Bool // the seed changes nothing: the same audio every time
	calls    atomic.Int64
}

func (e *engine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	e.calls.Add(1)
	if e.fail.Load() {
		return nil, errors.New("the engine broke")
	}
	if e.block.Load() {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	const rate = 8000
	b := &audio.Buffer{SampleRate: rate, Channels: 1, Samples: make([]float32, int(req.Seconds*rate))}
	f := 100 + float64(req.Seed%1000)
	if e.sameTune.Load() {
		f = 440
	}
	for i := range b.Samples {
		b.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*f*float64(i)/rate))
	}
	if req.OnProgress != nil {
		req.OnProgress(generate.Progress{Done: 1, Total: 1})
	}
	return b, nil
}

// rig is one store with a queue over it.
type rig struct {
	t      testing.TB
	ctx    context.Context
	db     *store.DB
	ledger *ledger.Ledger
	queue  *jobs.Queue
	engine *engine
	dir    string
}

// signer signs the tests' certificates; testKeyring verifies them.
var (
	testKey     = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	signer      = license.NewSigner(testKey)
	testKeyring = license.NewKeyring(signer.Public())
)

// onEachDB runs test on SQLite and PostgreSQL.
var onEachDB = storetest.Each

// newRig builds a queue over db; workers 0 makes a submit-only queue.
func newRig(t *testing.T, db *store.DB, workers, maxAttempts int) *rig {
	t.Helper()
	r := &rig{t: t, ctx: context.Background(), db: db, engine: &engine{}, dir: t.TempDir()}
	r.ledger = ledger.New(db.LedgerTx(), plan.Default(), nil)
	cfg := jobs.Config{DB: db.SQL(), Postgres: db.Postgres(), Store: db.JobsTx(), Ledger: r.ledger, Dir: r.dir, Signer: signer,
		Workers: workers, MaxAttempts: maxAttempts, PollInterval: 20 * time.Millisecond, SweepEvery: 100 * time.Millisecond}
	if workers > 0 {
		cfg.Engine = r.engine
	}
	q, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Migrate(r.ctx); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(r.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
	r.queue = q
	return r
}

// account makes a Free account holding credits.
func (r *rig) account(email string, credits int64) string {
	r.t.Helper()
	now := time.Now().UTC()
	a := account.Account{ID: "acc-" + email, Email: email, PasswordHash: "x", Tier: plan.TierFree, Anchor: now, CreatedAt: now}
	if err := r.db.InTx(r.ctx, func(tx *store.Tx) error { return tx.CreateAccount(r.ctx, a) }); err != nil {
		r.t.Fatal(err)
	}
	if extra := credits - 20; extra > 0 {
		if _, err := r.ledger.Grant(r.ctx, a.ID, ledger.Credits, extra, "top-up", "test"); err != nil {
			r.t.Fatal(err)
		}
	}
	return a.ID
}

func (r *rig) credits(accountID string) int64 {
	r.t.Helper()
	s, err := r.ledger.State(r.ctx, accountID)
	if err != nil {
		r.t.Fatal(err)
	}
	return s.Credits
}

// waitFor polls the job until it reaches a final status.
func (r *rig) waitFor(accountID, id string) jobs.Job {
	r.t.Helper()
	return r.waitForWithin(accountID, id, 30*time.Second)
}

var twoCredits = jobs.Request{Prompt: "dark techno, 130 BPM", Model: "2.0", Seconds: 2, Results: 1}

// 100 submissions at once of a 2-credit job on an account holding 50 credits: exactly 25
// are accepted, the balance ends at 0, and exactly 25 jobs are queued.
func TestConcurrentSubmissionsNeverOverdraw(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 0, 0)
		acc := r.account("busy@example.com", 50)
		var wg sync.WaitGroup
		var accepted, refused, other atomic.Int64
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := r.queue.Submit(r.ctx, acc, fmt.Sprintf("k%d", i), twoCredits)
				switch {
				case err == nil:
					accepted.Add(1)
				case errors.Is(err, ledger.ErrInsufficientCredits):
					refused.Add(1)
				default:
					other.Add(1)
					t.Errorf("submission %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if accepted.Load() != 25 || refused.Load() != 75 || other.Load() != 0 {
			t.Fatalf("%d accepted, %d refused for credits, %d other; want 25 and 75", accepted.Load(), refused.Load(), other.Load())
		}
		if c := r.credits(acc); c != 0 {
			t.Fatalf("%d credits left, want 0", c)
		}
		var queued int
		if err := r.db.SQL().QueryRow(`SELECT COUNT(*) FROM river_job`).Scan(&queued); err != nil || queued != 25 {
			t.Fatalf("%d River jobs (%v), want 25", queued, err)
		}
	})
}

// The same key twice, even at once, makes one job and one debit.
func TestSameKeyMakesOneJob(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 0, 0)
		acc := r.account("twice@example.com", 50)
		ids := make([]string, 4)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				j, err := r.queue.Submit(r.ctx, acc, "same", twoCredits)
				if err != nil {
					t.Error(err)
				}
				ids[i] = j.ID
			}()
		}
		wg.Wait()
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Fatalf("one key made jobs %v", ids)
			}
		}
		if c := r.credits(acc); c != 48 {
			t.Fatalf("%d credits left, want 48 (one debit of 2)", c)
		}
	})
}

// A job is worked and delivered: its results are files with their hashes and distinct seeds
// the server drew, and the price stays debited.
func TestJobDelivers(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 2, 0)
		acc := r.account("maker@example.com", 50)
		req := twoCredits
		req.Results = 3
		j, err := r.queue.Submit(r.ctx, acc, "k", req)
		if err != nil {
			t.Fatal(err)
		}
		if j.Price != 6 || r.credits(acc) != 44 {
			t.Fatalf("price %d, %d credits left; want 6 and 44", j.Price, r.credits(acc))
		}
		done := r.waitFor(acc, j.ID)
		if done.Status != jobs.Done || len(done.Results) != 3 || done.Progress != 1 {
			t.Fatalf("job ended %+v", done)
		}
		seeds := map[int64]bool{}
		for _, res := range done.Results {
			if _, err := os.Stat(res.Path); err != nil || !res.SeedDrawn || len(res.SHA256) != 64 || seeds[res.Seed] {
				t.Fatalf("result %+v (%v)", res, err)
			}
			seeds[res.Seed] = true
			audio, _ := os.ReadFile(res.Path)
			signed, err := license.Parse(res.Certificate)
			if err != nil {
				t.Fatal(err)
			}
			c, err := testKeyring.VerifyAudio(signed, audio)
			if err != nil || c.TrackID != fmt.Sprintf("%s/%d", j.ID, res.N) || c.License != plan.LicensePersonal || c.Commercial || c.AccountID != acc {
				t.Fatalf("result %d's certificate %+v: %v", res.N, c, err)
			}
		}
		if r.credits(acc) != 44 {
			t.Fatalf("%d credits after delivery, want 44", r.credits(acc))
		}
		if _, err := r.queue.Job(r.ctx, "acc-someone-else", j.ID); !errors.Is(err, jobs.ErrNotFound) {
			t.Fatalf("another account reads the job: %v", err)
		}
	})
}

// A job whose generation fails for good is refunded once, however often the sweep runs.
func TestFailedJobIsRefundedOnce(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 1, 1)
		r.engine.fail.Store(true)
		acc := r.account("broken@example.com", 50)
		j, err := r.queue.Submit(r.ctx, acc, "k", twoCredits)
		if err != nil {
			t.Fatal(err)
		}
		ended := r.waitFor(acc, j.ID)
		if ended.Status != jobs.Failed || r.credits(acc) != 50 {
			t.Fatalf("job %s with %d credits left; want failed and all 50 back", ended.Status, r.credits(acc))
		}
		for range 3 {
			if n, err := r.queue.Sweep(r.ctx); err != nil || n != 0 {
				t.Fatalf("a later sweep refunded %d (%v)", n, err)
			}
		}
		if r.credits(acc) != 50 {
			t.Fatalf("%d credits after more sweeps", r.credits(acc))
		}
	})
}

// Cancelling a running job stops it and refunds it; cancelling it again says it ended.
func TestCancelledJobIsRefunded(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 1, 0)
		r.engine.block.Store(true)
		acc := r.account("quitter@example.com", 50)
		j, err := r.queue.Submit(r.ctx, acc, "k", twoCredits)
		if err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if cur, _ := r.queue.Job(r.ctx, acc, j.ID); cur.Status == jobs.Running {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the job never started")
			}
		}
		if _, err := r.queue.Cancel(r.ctx, acc, j.ID); err != nil {
			t.Fatal(err)
		}
		ended := r.waitFor(acc, j.ID)
		if ended.Status != jobs.Cancelled || r.credits(acc) != 50 {
			t.Fatalf("job %s with %d credits; want cancelled and 50", ended.Status, r.credits(acc))
		}
		if _, err := r.queue.Cancel(r.ctx, acc, j.ID); !errors.Is(err, jobs.ErrFinished) {
			t.Fatalf("cancelling again: %v", err)
		}
	})
}

// A track made on Pro carries the Creator license, and keeps it after the account drops to
// Free: the certificate states the plan at generation, and still verifies.
func TestLicenseOutlivesThePlan(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 1, 0)
		acc := r.account("pro@example.com", 20)
		if _, err := r.ledger.ChangePlan(r.ctx, acc, plan.TierPro, plan.Limits{}); err != nil {
			t.Fatal(err)
		}
		j, err := r.queue.Submit(r.ctx, acc, "k", twoCredits)
		if err != nil {
			t.Fatal(err)
		}
		done := r.waitFor(acc, j.ID)
		if _, err := r.ledger.ChangePlan(r.ctx, acc, plan.TierFree, plan.Limits{}); err != nil {
			t.Fatal(err)
		}
		again, _ := r.queue.Job(r.ctx, acc, j.ID)
		signed, err := license.Parse(again.Results[0].Certificate)
		if err != nil {
			t.Fatal(err)
		}
		c, err := testKeyring.Verify(signed)
		if err != nil || c.Tier != plan.TierPro || c.License != plan.LicenseCreator || !c.Commercial || c.MAULimit != license.CreatorMAULimit {
			t.Fatalf("after dropping to Free the certificate says %+v (%v)", c, err)
		}
		if string(again.Results[0].Certificate) != string(done.Results[0].Certificate) {
			t.Fatal("the certificate changed with the plan")
		}
	})
}

// An account never receives the same audio twice: a drawn seed that makes audio the
// account already has is drawn again, and a model that makes nothing else fails the job
// (refunded). The user's own seed is honoured twice, in two different files.
func TestNoAudioTwice(t *testing.T) {
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		r := newRig(t, open(t), 1, 1)
		r.engine.sameTune.Store(true)
		acc := r.account("twice@example.com", 50)
		first, err := r.queue.Submit(r.ctx, acc, "first", twoCredits)
		if err != nil {
			t.Fatal(err)
		}
		if j := r.waitFor(acc, first.ID); j.Status != jobs.Done {
			t.Fatalf("first job %s", j.Status)
		}
		calls := r.engine.calls.Load()
		second, err := r.queue.Submit(r.ctx, acc, "second", twoCredits)
		if err != nil {
			t.Fatal(err)
		}
		j := r.waitFor(acc, second.ID)
		if j.Status != jobs.Failed || r.credits(acc) != 48 {
			t.Fatalf("a job that could only repeat: %s, %d credits (want failed, 48)", j.Status, r.credits(acc))
		}
		if tries := r.engine.calls.Load() - calls; tries != 9 {
			t.Fatalf("%d renders for the repeat, want 1 and 8 new seeds", tries)
		}

		seed := int64(42)
		own := twoCredits
		own.Seed = &seed
		var files []jobs.Result
		for _, key := range []string{"own-1", "own-2"} {
			j, err := r.queue.Submit(r.ctx, acc, key, own)
			if err != nil {
				t.Fatal(err)
			}
			done := r.waitFor(acc, j.ID)
			if done.Status != jobs.Done || done.Results[0].Seed != 42 || done.Results[0].SeedDrawn {
				t.Fatalf("own seed: %+v", done)
			}
			files = append(files, done.Results[0])
		}
		if files[0].SHA256 == files[1].SHA256 {
			t.Fatal("the same seed twice gave the same file twice")
		}
	})
}
