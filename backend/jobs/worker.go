package jobs

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"stableaudio/backend/audio"
	"stableaudio/backend/fingerprint"
	"stableaudio/backend/generate"
	"stableaudio/backend/license"
)

// generateArgs is the River job: the account's side is in cloud_jobs.
type generateArgs struct {
	JobID string `json:"job_id"`
}

func (generateArgs) Kind() string { return "generate" }

type generateWorker struct {
	river.WorkerDefaults[generateArgs]
	q *Queue
}

// errEnded stops delivery of a job that was refunded while it ran.
var errEnded = errors.New("jobs: the job ended while it ran")

// progressEvery bounds how often progress is written.
const progressEvery = 250 * time.Millisecond

// Work generates a job's results and delivers them in one transaction with River's
// completion, guarded so that a job refunded meanwhile is not delivered as well. A
// failure is returned to River, which tries again until the attempts run out; the sweep
// then refunds.
func (w *generateWorker) Work(ctx context.Context, rj *river.Job[generateArgs]) error {
	q := w.q
	var j Job
	err := q.cfg.Store(ctx, func(tx Tx) error {
		var found bool
		var err error
		if j, found, err = tx.JobByID(ctx, rj.Args.JobID); err != nil || !found {
			return errors.Join(err, fmt.Errorf("%w: %s", ErrNotFound, rj.Args.JobID))
		}
		if j.Status.Final() {
			return nil
		}
		_, err = tx.MoveJob(ctx, j.ID, []Status{Queued, Running}, Running, q.cfg.Ledger.Now(), "")
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return river.JobCancel(err) // the account was deleted: nothing to make or refund
	}
	if err != nil || j.Status.Final() {
		return err
	}
	dir := filepath.Join(q.cfg.Dir, j.AccountID, j.ID)
	// Jobs of one account run side by side, so what one delivers is checked again under
	// the account's lock, against everything delivered by then: a result that meanwhile
	// became a repeat is made again.
	for round := 0; ; round++ {
		results, err := q.generate(ctx, j, dir)
		if err != nil {
			return err
		}
		err = q.deliver(ctx, rj, j, results)
		switch {
		case errors.Is(err, errEnded):
			os.RemoveAll(dir)
			return nil
		case errors.Is(err, errRepeat) && round < maxRedraws:
			continue
		case errors.Is(err, errRepeat):
			return errSameAgain
		}
		return err
	}
}

// errRepeat stops a delivery whose result another job of the account delivered first.
var errRepeat = errors.New("jobs: a result repeats one delivered meanwhile")

// deliver records the results with their licenses and completes the River job, in one
// transaction guarded against a refund (errEnded) and against repeats (errRepeat).
func (q *Queue) deliver(ctx context.Context, rj *river.Job[generateArgs], j Job, results []Result) error {
	return q.cfg.Store(ctx, func(tx Tx) error {
		// The account's lock first: deliveries of one account's jobs take turns here.
		st, err := q.cfg.Ledger.StateIn(ctx, tx, j.AccountID)
		if err != nil {
			return err
		}
		if err := q.checkAgainstDelivered(ctx, tx, j.AccountID, results); err != nil {
			return err
		}
		moved, err := tx.MoveJob(ctx, j.ID, []Status{Running}, Done, q.cfg.Ledger.Now(), "")
		if err != nil {
			return err
		}
		if !moved {
			return errEnded
		}
		// The license is the one of the plan the account is on as its track is delivered.
		for _, r := range results {
			cert := license.For(fmt.Sprintf("%s/%d", j.ID, r.N), r.SHA256, j.AccountID, st.Plan, j.Request.Model, q.cfg.Ledger.Now())
			signed, err := q.cfg.Signer.Sign(cert)
			if err != nil {
				return err
			}
			if r.Certificate, err = json.Marshal(signed); err != nil {
				return err
			}
			if err := tx.InsertResult(ctx, j.ID, j.AccountID, r, q.cfg.Ledger.Now()); err != nil {
				return err
			}
		}
		return q.complete(ctx, tx.SQL(), rj)
	})
}

// checkAgainstDelivered is errRepeat when a result is a file the account has, or (for a
// seed the server drew) sounds like a track it has.
func (q *Queue) checkAgainstDelivered(ctx context.Context, tx Tx, accountID string, results []Result) error {
	ix, err := printIndex(ctx, tx, accountID)
	if err != nil {
		return err
	}
	for _, r := range results {
		same, err := tx.HashDelivered(ctx, accountID, r.SHA256)
		if err != nil {
			return err
		}
		if same {
			return errRepeat
		}
		if !r.SeedDrawn || len(r.Print) == 0 {
			continue
		}
		var p fingerprint.Print
		if err := p.UnmarshalBinary(r.Print); err != nil {
			return err
		}
		if ix.resembles(&p) {
			return errRepeat
		}
	}
	return nil
}

// maxRedraws bounds the new seeds one result is given when its audio is one the account
// already received.
const maxRedraws = 8

// errSameAgain fails a job whose engine keeps making audio the account already has.
var errSameAgain = errors.New("jobs: the model keeps making audio this account already received")

// generate makes each result of j into dir as a 24-bit WAV. Every result is checked against
// what the account received before (and the job's other results), by the file's SHA-256
// and by fingerprint: a hit is made again with a new seed, or — for the user's own seed,
// which is honoured — made a different file by noise far below hearing.
func (q *Queue) generate(ctx context.Context, j Job, dir string) ([]Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	seen, err := q.receivedPrints(ctx, j.AccountID)
	if err != nil {
		return nil, err
	}
	var input *audio.Buffer
	if j.Request.Input != "" {
		if input, err = q.input(ctx, j.AccountID, j.Request.Input); err != nil {
			return nil, err
		}
	}
	hashes := map[string]bool{}
	progress := q.progressWriter(ctx, j)
	var out []Result
	for n := range j.Request.Results {
		trackID := fmt.Sprintf("%s/%d", j.ID, n+1)
		var r Result
		var wav []byte
		for redraw := 0; ; redraw++ {
			seed, drawn, err := q.seed(ctx, j, n)
			if err != nil {
				return nil, err
			}
			buf, err := q.cfg.Engine.Generate(ctx, generate.Request{
				Prompt: j.Request.Prompt, Negative: j.Request.Negative, Model: j.Request.Model,
				Seconds: j.Request.Seconds, Seed: seed, Input: input, Strength: j.Request.Strength,
				OnProgress: func(p generate.Progress) {
					if p.Total > 0 {
						progress((float64(n) + float64(p.Done)/float64(p.Total)) / float64(j.Request.Results))
					}
				},
			})
			if err != nil {
				return nil, err
			}
			r = Result{N: n + 1, Seed: seed, SeedDrawn: drawn, Seconds: buf.Duration().Seconds()}
			if wav, r.SHA256, err = encode(buf); err != nil {
				return nil, err
			}
			// The print of the file as delivered (24-bit), as anyone would take it from the file.
			written, err := audio.Decode(bytes.NewReader(wav))
			if err != nil {
				return nil, err
			}
			print, err := fingerprint.Compute(written)
			if err != nil && !errors.Is(err, fingerprint.ErrTooShort) {
				return nil, err
			}
			if print != nil {
				if r.Print, err = print.MarshalBinary(); err != nil {
					return nil, err
				}
			}
			sameFile, err := q.received(ctx, j.AccountID, r.SHA256, hashes)
			if err != nil {
				return nil, err
			}
			sameSound := print != nil && seen.resembles(print)
			if !drawn && sameFile {
				dither(buf, trackID)
				if wav, r.SHA256, err = encode(buf); err != nil {
					return nil, err
				}
				sameFile = hashes[r.SHA256]
			}
			if !sameFile && (!drawn || !sameSound) {
				if print != nil {
					if err := seen.add(trackID, print); err != nil {
						return nil, err
					}
				}
				break
			}
			if redraw == maxRedraws {
				return nil, errSameAgain
			}
		}
		hashes[r.SHA256] = true
		r.Path = filepath.Join(dir, fmt.Sprintf("%d.wav", n+1))
		if err := os.WriteFile(r.Path, wav, 0o644); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// receivedPrints indexes the fingerprints of everything the account received.
func (q *Queue) receivedPrints(ctx context.Context, accountID string) (*received, error) {
	var ix *received
	err := q.cfg.Store(ctx, func(tx Tx) error {
		var err error
		ix, err = printIndex(ctx, tx, accountID)
		return err
	})
	return ix, err
}

func printIndex(ctx context.Context, tx Tx, accountID string) (*received, error) {
	r := &received{ix: fingerprint.NewIndex(), prints: map[string]*fingerprint.Print{}}
	err := tx.EachPrint(ctx, accountID, func(trackID string, data []byte) error {
		var p fingerprint.Print
		if err := p.UnmarshalBinary(data); err != nil {
			return fmt.Errorf("jobs: fingerprint of %s: %w", trackID, err)
		}
		return r.add(trackID, &p)
	})
	return r, err
}

// received reports a file the account already has, or one this job already made.
func (q *Queue) received(ctx context.Context, accountID, sha string, thisJob map[string]bool) (bool, error) {
	if thisJob[sha] {
		return true, nil
	}
	var found bool
	err := q.cfg.Store(ctx, func(tx Tx) error {
		var err error
		found, err = tx.HashDelivered(ctx, accountID, sha)
		return err
	})
	return found, err
}

// repeatConfidence is the fingerprint confidence from which a result counts as audio the
// account already has: below the copyright scan's SameRecordingConfidence, so that no two
// delivered tracks reach it whichever of the two is looked up, and whether the print is
// taken before or after the audio is written to its file.
const repeatConfidence = 0.8 * fingerprint.SameRecordingConfidence

// received is the fingerprints of the tracks an account received.
type received struct {
	ix     *fingerprint.Index
	prints map[string]*fingerprint.Print
}

func (r *received) add(trackID string, p *fingerprint.Print) error {
	r.prints[trackID] = p
	return r.ix.Add(trackID, p)
}

// resembles reports a print of audio like one received, looked up both ways: the index
// finds the candidates, and those at least half way to the bound are also compared with
// the new print as the query (the two directions differ by a few hundredths, not by half).
func (r *received) resembles(p *fingerprint.Print) bool {
	for _, m := range r.ix.Lookup(p) {
		if m.Confidence >= repeatConfidence {
			return true
		}
		if m.Confidence >= repeatConfidence/2 && fingerprint.Compare(r.prints[m.ID], p).Confidence >= repeatConfidence {
			return true
		}
	}
	return false
}

// encode writes buf as a 24-bit WAV and returns it with its SHA-256.
func encode(buf *audio.Buffer) ([]byte, string, error) {
	var wav bytes.Buffer
	if err := audio.WriteWAV(&wav, buf, audio.PCM24); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(wav.Bytes())
	return wav.Bytes(), hex.EncodeToString(sum[:]), nil
}

// dither adds ±1 step of 24-bit audio (−138 dBFS) to every sample, in a pattern of the
// track's own: the sound is the same, the file is not.
func dither(buf *audio.Buffer, trackID string) {
	sum := sha256.Sum256([]byte(trackID))
	state := binary.LittleEndian.Uint64(sum[:])
	const step = 1.0 / (1 << 23)
	for i := range buf.Samples {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		if state&1 == 0 {
			buf.Samples[i] += step
		} else {
			buf.Samples[i] -= step
		}
	}
}

// seed is result n's seed: the user's (the next one up for each further result), or one
// drawn that this account has never had.
func (q *Queue) seed(ctx context.Context, j Job, n int) (seed int64, drawn bool, err error) {
	if j.Request.Seed != nil {
		return *j.Request.Seed + int64(n), false, nil
	}
	for {
		var b [8]byte
		rand.Read(b[:])
		seed = int64(binary.LittleEndian.Uint64(b[:]) >> 1)
		var used bool
		err = q.cfg.Store(ctx, func(tx Tx) error {
			used, err = tx.SeedDrawn(ctx, j.AccountID, seed)
			return err
		})
		if err != nil || !used {
			return seed, true, err
		}
	}
}

// progressWriter records a job's progress at most every progressEvery.
func (q *Queue) progressWriter(ctx context.Context, j Job) func(float64) {
	var mu sync.Mutex
	var last time.Time
	return func(p float64) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		// Best effort: a missed update only makes the bar lag.
		_ = q.cfg.Store(ctx, func(tx Tx) error { return tx.SetProgress(ctx, j.ID, p) })
	}
}
