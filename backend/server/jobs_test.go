package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/jobs"
	"stableaudio/backend/license"
	"stableaudio/backend/plan"
	"stableaudio/backend/server"
	"stableaudio/backend/upload"
)

// toneEngine makes a short tone per seed, reporting progress in four steps.
type toneEngine struct{}

func (toneEngine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	const rate = 16000
	b := &audio.Buffer{SampleRate: rate, Channels: 1, Samples: make([]float32, int(req.Seconds*rate))}
	for step := range 4 {
		time.Sleep(50 * time.Millisecond)
		if req.OnProgress != nil {
			req.OnProgress(generate.Progress{Done: step + 1, Total: 4})
		}
	}
	f := 200 + float64(req.Seed%500)
	for i := range b.Samples {
		b.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*f*float64(i)/rate))
	}
	return b, ctx.Err()
}

// A cloud job over HTTP: submitted (debited), followed through its event stream to the end,
// its result downloaded as WAV; a retry with the same key is the same job; mistakes and
// an empty balance get their codes.
func TestCloudJobOverHTTP(t *testing.T) {
	srv, base := serve(t, server.Config{Database: filepath.Join(t.TempDir(), "server.db"),
		Jobs: jobs.Config{Engine: toneEngine{}, Workers: 1, PollInterval: 20 * time.Millisecond}})
	var session struct{ Token string }
	call(t, "POST", base+"/v1/accounts", "", "application/json",
		strings.NewReader(`{"email":"maker@example.com","password":"a long passphrase"}`), 201, &session)
	token := session.Token

	submit := `{"prompt":"lo-fi piano, 80 BPM","model":"2.0","seconds":3,"results":2}`
	var job struct {
		ID       string
		Status   string
		Price    int64
		Progress float64
		Results  []struct {
			URL    string
			SHA256 string
		}
	}
	billingCall(t, "POST", base+"/v1/accounts/me/jobs", token, "job-1", submit, 202, &job)
	if job.Price != 4 || job.Status != "queued" {
		t.Fatalf("submitted: %+v", job)
	}
	var again struct{ ID string }
	billingCall(t, "POST", base+"/v1/accounts/me/jobs", token, "job-1", submit, 202, &again)
	if again.ID != job.ID {
		t.Fatalf("the same key made job %s after %s", again.ID, job.ID)
	}
	var balance struct{ Credits int64 }
	call(t, "GET", base+"/v1/accounts/me/balance", token, "", nil, 200, &balance)
	if balance.Credits != 16 {
		t.Fatalf("%d credits after one 4-credit job, want 16", balance.Credits)
	}

	r, _ := http.NewRequest("GET", base+"/v1/accounts/me/jobs/"+job.ID+"/events", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var statuses []string
	var progress []float64
	scan := bufio.NewScanner(res.Body)
	for scan.Scan() {
		if data, ok := strings.CutPrefix(scan.Text(), "data: "); ok {
			if err := json.Unmarshal([]byte(data), &job); err != nil {
				t.Fatal(err)
			}
			statuses, progress = append(statuses, job.Status), append(progress, job.Progress)
		}
	}
	res.Body.Close()
	if job.Status != "done" || len(job.Results) != 2 || len(statuses) < 2 || statuses[0] == "done" {
		t.Fatalf("the stream ended at %+v after %v", job, statuses)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] < progress[i-1] {
			t.Fatalf("progress went back: %v", progress)
		}
	}
	t.Logf("statuses %v, progress %v", statuses, progress)

	r, _ = http.NewRequest("GET", base+job.Results[1].URL, nil)
	r.Header.Set("Authorization", "Bearer "+token)
	res, err = http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	wav, _ := io.ReadAll(res.Body)
	res.Body.Close()
	buf, err := audio.Decode(bytes.NewReader(wav))
	if res.StatusCode != 200 || err != nil || math.Abs(buf.Duration().Seconds()-3) > 0.01 {
		t.Fatalf("result 2: %d, %v", res.StatusCode, err)
	}

	// The same result as FLAC: the same samples in a smaller file.
	r, _ = http.NewRequest("GET", base+job.Results[1].URL+"?format=flac", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	if res, err = http.DefaultClient.Do(r); err != nil {
		t.Fatal(err)
	}
	flacFile, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fromFLAC, err := audio.Decode(bytes.NewReader(flacFile))
	if res.Header.Get("Content-Type") != "audio/flac" || err != nil || len(fromFLAC.Samples) != len(buf.Samples) || len(flacFile) >= len(wav) {
		t.Fatalf("FLAC download: %s, %d bytes (WAV %d): %v", res.Header.Get("Content-Type"), len(flacFile), len(wav), err)
	}
	for i := range buf.Samples {
		if fromFLAC.Samples[i] != buf.Samples[i] {
			t.Fatalf("FLAC sample %d: %v, WAV %v", i, fromFLAC.Samples[i], buf.Samples[i])
		}
	}

	// The result's certificate verifies offline with the server's public key and this audio.
	r, _ = http.NewRequest("GET", base+job.Results[1].URL+"/license", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	res, err = http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	certFile, _ := io.ReadAll(res.Body)
	res.Body.Close()
	signed, err := license.Parse(certFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := license.NewKeyring(srv.Licenses.Public()).VerifyAudio(signed, wav)
	if err != nil || c.License != plan.LicensePersonal || c.Tier != plan.TierFree {
		t.Fatalf("certificate %+v: %v", c, err)
	}
	var page string
	r, _ = http.NewRequest("GET", base+job.Results[1].URL+"/license?format=html", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	if res, err = http.DefaultClient.Do(r); err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page = string(b)
	}
	if !strings.Contains(page, "Personal license: for personal, non-commercial use only.") {
		t.Fatalf("the certificate's page: %.200s", page)
	}

	refused(t, "POST", base+"/v1/accounts/me/jobs", token, "job-2", `{"prompt":"x","model":"2.0","seconds":500}`, 422, "bad_job")
	refused(t, "POST", base+"/v1/accounts/me/jobs", token, "job-3", `{"prompt":"x","model":"9.9","seconds":5}`, 422, "unknown_model")
	four := `{"prompt":"x","model":"2.0","seconds":1,"results":4}` // 8 credits: twice is all 16 left
	billingCall(t, "POST", base+"/v1/accounts/me/jobs", token, "job-4", four, 202, &again)
	billingCall(t, "POST", base+"/v1/accounts/me/jobs", token, "job-5", four, 202, &again)
	refused(t, "POST", base+"/v1/accounts/me/jobs", token, "job-6", four, 402, "insufficient_credits")
	refused(t, "POST", base+"/v1/accounts/me/jobs/"+job.ID+"/cancel", token, "", "", 409, "job_finished")
	refused(t, "GET", base+"/v1/accounts/me/jobs/job_missing", token, "", "", 404, "not_found")
}

// inputEngine remembers the length of the input each request carried.
type inputEngine struct {
	toneEngine
	inputs chan float64
}

func (e inputEngine) Generate(ctx context.Context, req generate.Request) (*audio.Buffer, error) {
	seconds := 0.0
	if req.Input != nil {
		seconds = req.Input.Duration().Seconds()
	}
	e.inputs <- seconds
	return e.toneEngine.Generate(ctx, req)
}

// Audio to audio in the cloud: a job names one of the account's kept uploads, and the
// engine hears it as cropped to the plan; an id that is not the account's kept upload is
// refused before anything is debited.
func TestCloudJobFromAnUpload(t *testing.T) {
	ctx := context.Background()
	eng := inputEngine{inputs: make(chan float64, 4)}
	srv, err := server.Open(ctx, server.Config{Database: filepath.Join(t.TempDir(), "server.db"),
		Hasher: account.Hasher{Params: account.TestParams}, Log: slog.New(slog.DiscardHandler),
		Jobs: jobs.Config{Engine: eng, Workers: 1, PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	if err := srv.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	a, _, err := srv.Accounts.SignUp(ctx, "hum@example.com", "a long passphrase", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var take bytes.Buffer
	audio.WriteWAV(&take, &audio.Buffer{SampleRate: 16000, Channels: 1, Samples: make([]float32, 16000*45)}, audio.PCM16)
	up, err := srv.Uploads.Upload(ctx, upload.Request{AccountID: a.ID, Key: "u1", Name: "hum.wav", Declared: 45 * time.Second, Body: &take})
	if err != nil {
		t.Fatal(err)
	}
	req := jobs.Request{Prompt: "string quartet", Model: "2.0", Seconds: 2, Strength: 0.8, Input: up.ID}
	j, err := srv.Jobs.Submit(ctx, a.ID, "k1", req)
	if err != nil {
		t.Fatal(err)
	}
	if heard := <-eng.inputs; heard != 30 {
		t.Fatalf("the engine heard %.1f s of the upload, want the Free plan's 30 s crop", heard)
	}
	for deadline := time.Now().Add(10 * time.Second); j.Status != jobs.Done; time.Sleep(20 * time.Millisecond) {
		if j, err = srv.Jobs.Job(ctx, a.ID, j.ID); err != nil || time.Now().After(deadline) {
			t.Fatalf("job %+v: %v", j, err)
		}
	}
	st, _ := srv.Ledger.State(ctx, a.ID)
	req.Input = "upl_not_mine"
	if _, err := srv.Jobs.Submit(ctx, a.ID, "k2", req); !errors.Is(err, jobs.ErrBadRequest) {
		t.Fatalf("someone else's upload: %v", err)
	}
	if after, _ := srv.Ledger.State(ctx, a.ID); after.Credits != st.Credits {
		t.Fatalf("a refused job took credits: %d → %d", st.Credits, after.Credits)
	}
}
