//go:build !race

// A measurement over 200 renders of the built-in model: under the race detector it would
// take minutes, so `make test` runs it in a separate pass without -race (make eval).

package jobs_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"stableaudio/backend/fingerprint"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/builtin"
	"stableaudio/backend/jobs"
	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
	"stableaudio/backend/store/storetest"
)

// 200 results of one prompt on one account, made by the built-in model: no two files are
// the same and no two sound like the same recording to the fingerprinter.
func TestTwoHundredResultsAreAllDifferent(t *testing.T) {
	if _, err := generate.LoadRuntime(""); err != nil {
		t.Skipf("needs ONNX Runtime (make onnxruntime): %v", err)
	}
	eng, err := builtin.New()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLite(t)
	l := ledger.New(db.LedgerTx(), plan.Default(), nil)
	q, err := jobs.New(jobs.Config{DB: db.SQL(), Store: db.JobsTx(), Ledger: l, Engine: eng, Workers: 2, Dir: t.TempDir(),
		Signer: signer, PollInterval: 20 * time.Millisecond})
	if err == nil {
		err = q.Migrate(context.Background())
	}
	if err == nil {
		err = q.Start(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())
	r := &rig{t: t, ctx: context.Background(), db: db, ledger: l, queue: q}
	acc := r.account("prolific@example.com", 400)
	req := jobs.Request{Prompt: "lo-fi hip hop beat, 80 BPM, warm piano", Model: "2.0", Seconds: 3, Results: 4}
	began := time.Now()
	var ids []string
	for i := range 50 {
		j, err := q.Submit(r.ctx, acc, fmt.Sprint(i), req)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	hashes := map[string]string{}
	prints := map[string]*fingerprint.Print{}
	ix := fingerprint.NewIndex()
	for _, id := range ids {
		j := r.waitForWithin(acc, id, 5*time.Minute)
		if j.Status != jobs.Done {
			t.Fatalf("job %s %s: %s", id, j.Status, j.Error)
		}
		for _, res := range j.Results {
			track := fmt.Sprintf("%s/%d", id, res.N)
			if other, dup := hashes[res.SHA256]; dup {
				t.Fatalf("%s is the same file as %s", track, other)
			}
			hashes[res.SHA256] = track
			b, err := os.ReadFile(res.Path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := fingerprint.ComputeFile(res.Path)
			if err != nil {
				t.Fatalf("%s (%d bytes): %v", track, len(b), err)
			}
			prints[track] = p
			if err := ix.Add(track, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(hashes) != 200 {
		t.Fatalf("%d distinct files, want 200", len(hashes))
	}
	closest := 0.0
	for track, p := range prints {
		for _, m := range ix.Lookup(p) {
			if m.ID == track {
				continue
			}
			closest = max(closest, m.Confidence)
			if fingerprint.SameRecording(m) {
				t.Fatalf("%s sounds like %s (confidence %.2f)", track, m.ID, m.Confidence)
			}
		}
	}
	t.Logf("200 results in %.1f s; closest pair by fingerprint: confidence %.2f (same recording from %.2f)",
		time.Since(began).Seconds(), closest, fingerprint.SameRecordingConfidence)
}
