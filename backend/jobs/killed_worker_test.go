package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/store"
	"stableaudio/backend/store/storetest"
)

// Environment of a worker process started by TestKilledWorker (this test binary run again).
const (
	envWorkerDB       = "STABLEAUDIO_JOBS_TEST_WORKER_DB"
	envWorkerDir      = "STABLEAUDIO_JOBS_TEST_WORKER_DIR"
	envWorkerSlow     = "STABLEAUDIO_JOBS_TEST_WORKER_SLOW" // file to create when a job starts; then it never ends
	envWorkerAttempts = "STABLEAUDIO_JOBS_TEST_WORKER_ATTEMPTS"
)

func TestMain(m *testing.M) {
	if db := os.Getenv(envWorkerDB); db != "" {
		os.Exit(runWorker(db))
	}
	os.Exit(m.Run())
}

// slowEngine marks that it started and then works until it is killed.
type slowEngine struct{ marker string }

func (e slowEngine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	os.WriteFile(e.marker, []byte(strconv.Itoa(os.Getpid())), 0o644)
	<-ctx.Done()
	return nil, ctx.Err()
}

// runWorker is a worker process: the queue with one worker until SIGTERM (or SIGKILL).
func runWorker(dbURL string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var eng generate.Engine = &engine{}
	if marker := os.Getenv(envWorkerSlow); marker != "" {
		eng = slowEngine{marker}
	}
	attempts, _ := strconv.Atoi(os.Getenv(envWorkerAttempts))
	q, err := jobs.New(jobs.Config{DB: db.SQL(), Postgres: db.Postgres(), Store: db.JobsTx(),
		Ledger: ledger.New(db.LedgerTx(), plan.Default(), nil), Engine: eng, Workers: 1, Dir: os.Getenv(envWorkerDir), Signer: signer,
		MaxAttempts: attempts, JobTimeout: 2 * time.Second, PollInterval: 50 * time.Millisecond, SweepEvery: 200 * time.Millisecond})
	if err == nil {
		err = q.Start(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	<-ctx.Done()
	q.Stop(context.Background())
	return 0
}

// A worker process killed with SIGKILL in the middle of a job leaves it to another worker
// process: the job is tried again and delivered there (attempts left) or refunded (none
// left) — never both, never neither. SQLite runs the first case, PostgreSQL the second.
func TestKilledWorker(t *testing.T) {
	attempts := map[string]int{"sqlite": 2, "postgres": 1}
	onEachDB(t, func(t *testing.T, open func(*testing.T) *store.DB) {
		db := open(t)
		dbURL, name := filepath.Join(t.TempDir(), "missing"), "sqlite"
		if file, ok := db.SQLiteFile(); ok {
			dbURL = file
		} else {
			name = "postgres"
			var schema string
			if err := db.SQL().QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
				t.Fatal(err)
			}
			var err error
			if dbURL, err = store.SchemaURL(storetest.PostgresURL(), schema); err != nil {
				t.Fatal(err)
			}
		}
		r := newRig(t, db, 0, attempts[name])
		acc := r.account("killed@example.com", 50)
		j, err := r.queue.Submit(r.ctx, acc, "k", twoCredits)
		if err != nil {
			t.Fatal(err)
		}

		marker := filepath.Join(t.TempDir(), "started")
		first := startWorker(t, dbURL, r.dir, marker, attempts[name])
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(marker); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the first worker never started the job")
			}
		}
		if err := first.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		first.Wait()
		t.Logf("worker %d killed mid-job", first.Process.Pid)

		second := startWorker(t, dbURL, r.dir, "", attempts[name])
		defer func() { second.Process.Signal(syscall.SIGTERM); second.Wait() }()
		began := time.Now()
		ended := r.waitForWithin(acc, j.ID, 60*time.Second)
		t.Logf("the job ended %s %.1f s after the kill", ended.Status, time.Since(began).Seconds())
		switch credits := r.credits(acc); {
		case ended.Status == jobs.Done && len(ended.Results) == 1 && credits == 48:
			if attempts[name] == 1 {
				t.Fatal("delivered with no attempt left")
			}
		case ended.Status == jobs.Failed && len(ended.Results) == 0 && credits == 50:
			if attempts[name] > 1 {
				t.Fatal("refunded with an attempt left")
			}
		default:
			t.Fatalf("job %s with %d results and %d credits: neither delivered nor refunded, or both", ended.Status, len(ended.Results), credits)
		}
	})
}

func startWorker(t *testing.T, dbURL, dir, slowMarker string, attempts int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envWorkerDB+"="+dbURL, envWorkerDir+"="+dir, envWorkerSlow+"="+slowMarker,
		envWorkerAttempts+"="+strconv.Itoa(attempts))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// waitForWithin polls the job until it is final, for at most d.
func (r *rig) waitForWithin(accountID, id string, d time.Duration) jobs.Job {
	r.t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(50 * time.Millisecond) {
		j, err := r.queue.Job(r.ctx, accountID, id)
		if err != nil && !errors.Is(err, context.Canceled) {
			r.t.Fatal(err)
		}
		if j.Status.Final() {
			return j
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("job %s still %s after %v", id, j.Status, d)
		}
	}
}
