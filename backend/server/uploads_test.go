package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
	"stableaudio/backend/server"
)

// The whole path over HTTP: a Free user with 2:00 of upload time sends 45 s of a
// recording that is in the catalog. The file is gone from storage, the answer says it
// matched and why, and 1:30 is left.
func TestMatchedUploadOverHTTP(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	uploads := filepath.Join(dir, "uploads")
	srv, base := serve(t, server.Config{Database: filepath.Join(dir, "server.db"), Uploads: uploads})

	song := audiotest.Song(11, 90)
	if _, err := srv.Catalog.Add(ctx, "Someone Else's Hit", "hit.flac", song); err != nil {
		t.Fatal(err)
	}
	var session struct{ Token string }
	call(t, "POST", base+"/v1/accounts", "", "application/json",
		strings.NewReader(`{"email":"new@example.com","password":"a long passphrase"}`), 201, &session)
	var balance struct{ UploadSecondsLeft int64 }
	call(t, "GET", base+"/v1/accounts/me/balance", session.Token, "", nil, 200, &balance)
	if balance.UploadSecondsLeft != 120 {
		t.Fatalf("a Free account starts with %d s of uploads, want 120 (2:00)", balance.UploadSecondsLeft)
	}

	var take bytes.Buffer
	if err := audio.WriteWAV(&take, audiotest.Excerpt(song, 20, 45, 0.8), audio.PCM16); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Status            string
		Seconds           float64
		ChargedSeconds    int64
		UploadSecondsLeft int64
		Message           string
		Match             *struct {
			Title  string
			Offset float64
		}
	}
	req := func() *http.Request {
		r, _ := http.NewRequest("POST", base+"/v1/accounts/me/uploads?seconds=30&name=take.wav", bytes.NewReader(take.Bytes()))
		r.Header.Set("Authorization", "Bearer "+session.Token)
		r.Header.Set("Idempotency-Key", "take-1")
		r.Header.Set("Content-Type", "audio/wav")
		return r
	}
	do(t, req(), 201, &got)
	t.Logf("answer: %+v; message: %s", got, got.Message)
	if got.Status != "matched" || got.Match == nil || got.Match.Title != "Someone Else's Hit" || got.Seconds != 30 || got.ChargedSeconds != 30 {
		t.Fatalf("answer %+v; want matched to the catalog track, 30 s charged", got)
	}
	if !strings.Contains(got.Message, "Someone Else's Hit") || !strings.Contains(got.Message, "deleted") || !strings.Contains(got.Message, "0:30") {
		t.Errorf("the message does not tell the user what happened: %q", got.Message)
	}
	if got.UploadSecondsLeft != 90 {
		t.Errorf("%d s left, want 90 (1:30)", got.UploadSecondsLeft)
	}
	if entries, _ := os.ReadDir(uploads); len(entries) != 0 {
		t.Errorf("storage still holds %v", entries)
	}
	// A retry of the same upload (the connection dropped before the answer) is not
	// charged again.
	do(t, req(), 201, &got)
	call(t, "GET", base+"/v1/accounts/me/balance", session.Token, "", nil, 200, &balance)
	if got.Status != "matched" || balance.UploadSecondsLeft != 90 {
		t.Errorf("after a retry: %s, %d s left; want matched, still 90", got.Status, balance.UploadSecondsLeft)
	}

	// Something that is not audio is refused with the reason, charges nothing and
	// leaves nothing behind.
	var refused struct {
		Error struct{ Code, Message string }
	}
	r, _ := http.NewRequest("POST", base+"/v1/accounts/me/uploads?seconds=10&name=notes.txt", strings.NewReader("not audio at all"))
	r.Header.Set("Authorization", "Bearer "+session.Token)
	r.Header.Set("Idempotency-Key", "notes-1")
	do(t, r, 422, &refused)
	if refused.Error.Code != "bad_upload" || !strings.Contains(refused.Error.Message, "not an audio file") {
		t.Errorf("a text file: %+v; want bad_upload saying it is not audio", refused.Error)
	}
	call(t, "GET", base+"/v1/accounts/me/balance", session.Token, "", nil, 200, &balance)
	if entries, _ := os.ReadDir(uploads); balance.UploadSecondsLeft != 90 || len(entries) != 0 {
		t.Errorf("after a refused upload: %d s left (want 90), storage holds %v", balance.UploadSecondsLeft, entries)
	}
}

// serve opens a server with cfg (test password hashing; silent unless cfg says) and serves
// it on a loopback port until the test ends; base is its address.
func serve(t *testing.T, cfg server.Config) (srv *server.Server, base string) {
	t.Helper()
	cfg.Hasher = account.Hasher{Params: account.TestParams}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	srv, err := server.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return srv, "http://" + ln.Addr().String()
}

func call(t *testing.T, method, url, token, contentType string, body *strings.Reader, want int, into any) {
	t.Helper()
	var r *http.Request
	if body != nil {
		r, _ = http.NewRequest(method, url, body)
	} else {
		r, _ = http.NewRequest(method, url, nil)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	do(t, r, want, into)
}

func do(t *testing.T, r *http.Request, want int, into any) {
	t.Helper()
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", r.Method, r.URL.Path, resp.StatusCode, raw, want)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", raw, err))
	}
}
