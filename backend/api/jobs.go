package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/jobs"
	"stableaudio/backend/license"
)

// Cloud generation: submit a job (debited at once, refunded if it fails or is cancelled),
// follow it (a status read, or a server-sent-events stream of its progress), cancel it, and
// download its results. A submission needs an Idempotency-Key: a retry gets the same job
// and is debited once.

type jobRequestJSON struct {
	Prompt   string  `json:"prompt"`
	Negative string  `json:"negative"`
	Model    string  `json:"model"`
	Seconds  float64 `json:"seconds"`
	Seed     *int64  `json:"seed"`
	Steps    int     `json:"steps"`
	Strength float64 `json:"strength"`
	Results  int     `json:"results"`
	Input    string  `json:"input"`
}

type jobJSON struct {
	ID         string          `json:"id"`
	Status     jobs.Status     `json:"status"`
	Progress   float64         `json:"progress"`
	Price      int64           `json:"price"`
	Error      string          `json:"error"`
	Request    jobRequestJSON  `json:"request"`
	Results    []jobResultJSON `json:"results"`
	CreatedAt  time.Time       `json:"createdAt"`
	FinishedAt *time.Time      `json:"finishedAt"`
}

type jobResultJSON struct {
	N       int     `json:"n"`
	Seed    int64   `json:"seed"`
	Seconds float64 `json:"seconds"`
	SHA256  string  `json:"sha256"`
	URL     string  `json:"url"` // the audio, relative to the API root
}

// jobEventEvery is how often the event stream looks at the job.
const jobEventEvery = 250 * time.Millisecond

func (s *Server) queue() (*jobs.Queue, error) {
	if s.jobs == nil {
		return nil, errJobsOff
	}
	return s.jobs, nil
}

var errJobsOff = &apiError{http.StatusServiceUnavailable, "unavailable", "cloud generation is not running on this server"}

// postJob: POST /v1/accounts/{id}/jobs.
func (s *Server) postJob(w http.ResponseWriter, r *http.Request) error {
	q, err := s.queue()
	if err != nil {
		return err
	}
	var req jobRequestJSON
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	j, err := q.Submit(r.Context(), callerFrom(r).account.ID, r.Header.Get("Idempotency-Key"), jobs.Request(req))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toJobJSON(j))
	return nil
}

// getJob: GET /v1/accounts/{id}/jobs/{job}.
func (s *Server) getJob(w http.ResponseWriter, r *http.Request) error {
	return s.answerJob(w, r, (*jobs.Queue).Job)
}

// postJobCancel: POST /v1/accounts/{id}/jobs/{job}/cancel.
func (s *Server) postJobCancel(w http.ResponseWriter, r *http.Request) error {
	return s.answerJob(w, r, (*jobs.Queue).Cancel)
}

// answerJob does op on the caller's job of the path and answers with the job.
func (s *Server) answerJob(w http.ResponseWriter, r *http.Request,
	op func(q *jobs.Queue, ctx context.Context, accountID, id string) (jobs.Job, error)) error {
	q, err := s.queue()
	if err != nil {
		return err
	}
	j, err := op(q, r.Context(), callerFrom(r).account.ID, r.PathValue("job"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobJSON(j))
	return nil
}

// jobResult is the caller's job of the path and its result number {n}.
func (s *Server) jobResult(r *http.Request) (jobs.Job, jobs.Result, error) {
	q, err := s.queue()
	if err != nil {
		return jobs.Job{}, jobs.Result{}, err
	}
	j, err := q.Job(r.Context(), callerFrom(r).account.ID, r.PathValue("job"))
	if err != nil {
		return j, jobs.Result{}, err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(j.Results) {
		return j, jobs.Result{}, fmt.Errorf("%w: result %s of job %s", jobs.ErrNotFound, r.PathValue("n"), j.ID)
	}
	return j, j.Results[n-1], nil
}

// getJobEvents: GET /v1/accounts/{id}/jobs/{job}/events, a server-sent-events stream: a
// "job" event (the job, as GET gives it) now and whenever its status or progress changes,
// ending after the final one.
func (s *Server) getJobEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := s.queue()
	if err != nil {
		return err
	}
	account, id := callerFrom(r).account.ID, r.PathValue("job")
	j, err := q.Job(r.Context(), account, id)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	var last jobJSON
	tick := time.NewTicker(jobEventEvery)
	defer tick.Stop()
	for {
		cur := toJobJSON(j)
		if cur.Status != last.Status || cur.Progress != last.Progress {
			// A long stream outlives the server's write timeout; each event extends it.
			rc.SetWriteDeadline(time.Now().Add(time.Minute))
			if err := writeEvent(w, "job", cur); err != nil {
				return nil // the client went away
			}
			rc.Flush()
			last = cur
		}
		if j.Status.Final() {
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-tick.C:
		}
		if j, err = q.Job(r.Context(), account, id); err != nil {
			return nil // the stream is open: nothing more can be answered
		}
	}
}

// getJobResult: GET /v1/accounts/{id}/jobs/{job}/results/{n}, the audio as 24-bit WAV.
func (s *Server) getJobResult(w http.ResponseWriter, r *http.Request) error {
	j, res, err := s.jobResult(r)
	if err != nil {
		return err
	}
	path, name := res.Path, fmt.Sprintf("%s-%d", j.ID, res.N)
	switch format := r.URL.Query().Get("format"); format {
	case "", "wav":
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w.Header().Set("Content-Type", "audio/wav")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.wav"`)
		http.ServeContent(w, r, "", j.FinishedAt, f)
		return nil
	case "flac", "mp3":
		buf, err := audio.ReadWAVFile(path)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if format == "flac" {
			err = audio.WriteFLAC(&out, buf, audio.PCM24)
		} else {
			err = audio.EncodeMP3(r.Context(), &out, buf)
		}
		if errors.Is(err, audio.ErrNoEncoder) {
			return &apiError{http.StatusNotImplemented, "no_encoder", err.Error()}
		}
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", map[string]string{"flac": "audio/flac", "mp3": "audio/mpeg"}[format])
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
		http.ServeContent(w, r, "", j.FinishedAt, bytes.NewReader(out.Bytes()))
		return nil
	}
	return invalidRequest("format must be wav, flac or mp3")
}

func toJobJSON(j jobs.Job) jobJSON {
	out := jobJSON{ID: j.ID, Status: j.Status, Progress: j.Progress, Price: j.Price, Error: j.Error,
		Request: jobRequestJSON(j.Request), Results: []jobResultJSON{}, CreatedAt: utc(j.CreatedAt)}
	if !j.FinishedAt.IsZero() {
		t := utc(j.FinishedAt)
		out.FinishedAt = &t
	}
	for _, res := range j.Results {
		out.Results = append(out.Results, jobResultJSON{N: res.N, Seed: res.Seed, Seconds: res.Seconds, SHA256: res.SHA256,
			URL: fmt.Sprintf("/v1/accounts/%s/jobs/%s/results/%d", j.AccountID, j.ID, res.N)})
	}
	return out
}

// writeEvent writes one server-sent event with a JSON payload.
func writeEvent(w http.ResponseWriter, name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
	return err
}

// getJobLicense: GET /v1/accounts/{id}/jobs/{job}/results/{n}/license, the result's signed
// certificate as JSON (the file to keep and verify), or ?format=html as a readable page.
func (s *Server) getJobLicense(w http.ResponseWriter, r *http.Request) error {
	j, res, err := s.jobResult(r)
	if err != nil {
		return err
	}
	signed, err := license.Parse(res.Certificate)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%d.license", j.ID, res.N)
	switch r.URL.Query().Get("format") {
	case "", "json":
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		writeJSON(w, http.StatusOK, signed)
		return nil
	case "html":
		c, err := s.licenses.Verify(signed)
		if err != nil {
			return err
		}
		page, err := license.HTML(signed, c)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
		return nil
	}
	return invalidRequest("format must be json or html")
}
