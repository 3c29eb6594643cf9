package upload_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
	"stableaudio/backend/ledger"
	"stableaudio/backend/server"
	"stableaudio/backend/upload"
)

// world is a server with one Free account (2:00 of uploads a month, cropped to 30 s)
// and one song in the catalog.
type world struct {
	srv     *server.Server
	dir     string // where kept uploads go
	account string
	song    *audio.Buffer
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := server.Open(ctx, server.Config{Database: filepath.Join(dir, "server.db"), Uploads: filepath.Join(dir, "uploads"),
		Hasher: account.Hasher{Params: account.TestParams}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.DB.Close() })
	a, _, err := srv.Accounts.SignUp(ctx, "producer@example.com", "correct horse battery", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{srv: srv, dir: filepath.Join(dir, "uploads"), account: a.ID, song: audiotest.Song(1, 60)}
	if _, err := srv.Catalog.Add(ctx, "Protected Song", "song.wav", w.song); err != nil {
		t.Fatal(err)
	}
	return w
}

func wav(t *testing.T, b *audio.Buffer) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := audio.WriteWAV(&out, b, audio.PCM16); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func (w *world) left(t *testing.T) int64 {
	t.Helper()
	st, err := w.srv.Ledger.State(context.Background(), w.account)
	if err != nil {
		t.Fatal(err)
	}
	return st.UploadSeconds
}

// files lists what is on disk under the uploads folder.
func (w *world) files(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// A Free user with 2:00 left uploads 45 s of a catalog recording: it is cropped to 30 s,
// recognised, deleted at once (nothing of it is on disk), recorded with the track and
// the offset, and still charged: 1:30 is left. A retry with the same key gets the same
// answer and is not charged again.
func TestCopyrightMatchIsDeletedAndStillCounts(t *testing.T) {
	w := newWorld(t)
	if got := w.left(t); got != 120 {
		t.Fatalf("a new Free account has %d upload seconds, want 120", got)
	}
	body := wav(t, audiotest.Excerpt(w.song, 10, 45, 0.7))
	req := upload.Request{AccountID: w.account, Key: "take-1", Name: "my take.wav", Declared: 30 * time.Second, Body: bytes.NewReader(body)}
	rec, err := w.srv.Uploads.Upload(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("record: %+v, match %+v", rec, rec.Match)
	if rec.Status != upload.Matched || rec.Match == nil || rec.Match.Title != "Protected Song" {
		t.Fatalf("status %s, match %+v; want matched to Protected Song", rec.Status, rec.Match)
	}
	if d := rec.Match.Offset - 10*time.Second; d < -100*time.Millisecond || d > 100*time.Millisecond {
		t.Errorf("matched at %v into the song, the upload starts at 10 s", rec.Match.Offset)
	}
	if rec.Original != 45*time.Second || rec.Length != 30*time.Second || rec.Charged != 30 {
		t.Errorf("lengths %v → %v, charged %d; want 45 s cropped to 30 s, charged 30", rec.Original, rec.Length, rec.Charged)
	}
	if files := w.files(t); len(files) != 0 {
		t.Errorf("the matched upload left files behind: %v", files)
	}
	if _, err := w.srv.Uploads.Path(rec); err == nil {
		t.Error("a matched upload has a path to play")
	}
	if got := w.left(t); got != 90 {
		t.Errorf("%d s left after a matched 30 s upload, want 90 (1:30)", got)
	}

	req.Body = bytes.NewReader(body)
	again, err := w.srv.Uploads.Upload(context.Background(), req)
	if err != nil || again.ID != rec.ID || again.Status != upload.Matched || again.Match.Title != "Protected Song" {
		t.Errorf("retry: %+v, %v; want the first record", again, err)
	}
	if got := w.left(t); got != 90 {
		t.Errorf("%d s left after the retry, want still 90", got)
	}
}

// An upload that is nobody's recording is cropped to the tier's 30 s, kept as audio the
// app can use, and charged its cropped length.
func TestOwnRecordingIsCroppedAndKept(t *testing.T) {
	w := newWorld(t)
	rec, err := w.srv.Uploads.Upload(context.Background(), upload.Request{AccountID: w.account, Key: "k", Name: "idea.wav",
		Declared: 30 * time.Second, Body: bytes.NewReader(wav(t, audiotest.Song(42, 40)))})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != upload.Stored || rec.Match != nil || rec.Charged != 30 {
		t.Fatalf("record %+v; want stored, charged 30", rec)
	}
	path, err := w.srv.Uploads.Path(rec)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := audio.ReadWAVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Duration() != 30*time.Second {
		t.Errorf("kept %v of audio, want the 30 s crop", kept.Duration())
	}
	if got := w.left(t); got != 90 {
		t.Errorf("%d s left, want 90", got)
	}
}

// failingReader fails the test if the upload's body is read at all.
type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("the body was read")
	return 0, io.EOF
}

// Over the allowance: refused before a byte is read when the declared length says so,
// and refused without keeping or charging anything when the audio turns out longer than
// declared.
func TestUploadsOverTheAllowanceAreRefused(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.srv.Ledger.Debit(ctx, w.account, ledger.UploadSeconds, 100, "earlier", "earlier uploads"); err != nil {
		t.Fatal(err)
	}
	_, err := w.srv.Uploads.Upload(ctx, upload.Request{AccountID: w.account, Key: "a", Declared: 30 * time.Second, Body: failingReader{t}})
	if !errors.Is(err, ledger.ErrInsufficientUploadSeconds) {
		t.Errorf("declared 30 s with 20 s left: err = %v", err)
	}
	_, err = w.srv.Uploads.Upload(ctx, upload.Request{AccountID: w.account, Key: "b", Declared: 5 * time.Second,
		Body: bytes.NewReader(wav(t, audiotest.Song(7, 25)))})
	if !errors.Is(err, ledger.ErrInsufficientUploadSeconds) {
		t.Errorf("declared 5 s, sent 25 s with 20 s left: err = %v", err)
	}
	if files := w.files(t); len(files) != 0 {
		t.Errorf("a refused upload left files: %v", files)
	}
	if got := w.left(t); got != 20 {
		t.Errorf("%d s left after refusals, want 20", got)
	}
}

// Bad requests and bad audio get a reason, keep nothing and charge nothing.
func TestBadUploadsAreRefusedClearly(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	good := wav(t, audiotest.Song(3, 5))
	cases := []struct {
		name string
		req  upload.Request
		want error
	}{
		{"no key", upload.Request{AccountID: w.account, Declared: time.Second, Body: bytes.NewReader(good)}, upload.ErrBadUpload},
		{"no length", upload.Request{AccountID: w.account, Key: "k1", Body: bytes.NewReader(good)}, upload.ErrBadUpload},
		{"not audio", upload.Request{AccountID: w.account, Key: "k2", Declared: time.Second, Body: strings.NewReader("hello")}, upload.ErrBadUpload},
		{"truncated", upload.Request{AccountID: w.account, Key: "k3", Declared: time.Second, Body: bytes.NewReader(good[:60])}, upload.ErrBadUpload},
		{"someone else's account", upload.Request{AccountID: "acc_nobody", Key: "k4", Declared: time.Second, Body: bytes.NewReader(good)}, account.ErrNotFound},
	}
	for _, tc := range cases {
		if _, err := w.srv.Uploads.Upload(ctx, tc.req); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if files := w.files(t); len(files) != 0 {
		t.Errorf("refused uploads left files: %v", files)
	}
	if got := w.left(t); got != 120 {
		t.Errorf("%d s left, want all 120", got)
	}
}

// A body over the size limit is cut off and refused.
func TestOversizedUploadIsRefused(t *testing.T) {
	w := newWorld(t)
	svc, err := upload.New(upload.Config{Ledger: w.srv.Ledger, Store: w.srv.DB, Catalog: w.srv.Catalog, Dir: w.dir,
		Decode: audio.ReadWAV, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Upload(context.Background(), upload.Request{AccountID: w.account, Key: "big", Declared: 10 * time.Second,
		Body: bytes.NewReader(make([]byte, 2<<20))})
	if !errors.Is(err, upload.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if files := w.files(t); len(files) != 0 {
		t.Errorf("left files: %v", files)
	}
}
