// Package upload takes producers' recordings for audio to audio: it streams an upload to
// a temporary file under a size limit, decodes it, crops it to the tier's length and
// converts it to 44.1 kHz stereo, charges the month's upload seconds through the ledger,
// scans it against the catalog of protected recordings, and either keeps it or deletes it
// at once and keeps a record of why. A retry with the same idempotency key gets the first
// answer and is not charged again. No upload is ever used for training.
package upload

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stableaudio/backend/audio"
	"stableaudio/backend/catalog"
	"stableaudio/backend/ledger"
)

// Status is what became of an upload.
type Status string

const (
	Stored  Status = "stored"  // kept, ready for audio to audio
	Matched Status = "matched" // a copy of a catalog track: deleted, only this record kept
)

// Record is one upload as the server remembers it.
type Record struct {
	ID        string
	AccountID string
	Key       string // the client's idempotency key
	Name      string // the file name the client gave, for display
	Status    Status
	Original  time.Duration // length of the audio sent
	Length    time.Duration // length kept after cropping to the tier
	Charged   int64         // upload seconds debited: Length rounded up to whole seconds
	Match     *Match        // the catalog track it copies; nil when Stored
	CreatedAt time.Time
}

// Match is the catalog track an upload copies and where.
type Match struct {
	TrackID    string
	Title      string
	Offset     time.Duration // where in the catalog track the upload starts
	Confidence float64
}

// Store remembers uploads.
type Store interface {
	// InsertUpload adds r; it returns false, and stores nothing, when the account already
	// has an upload with r's key.
	InsertUpload(ctx context.Context, r Record) (bool, error)
	// UploadByKey finds an account's upload by its idempotency key.
	UploadByKey(ctx context.Context, accountID, key string) (Record, bool, error)
	// UploadByID finds an account's upload by its id.
	UploadByID(ctx context.Context, accountID, id string) (Record, bool, error)
}

// Errors the API turns into answers, besides ledger.ErrInsufficientUploadSeconds.
var (
	// ErrTooLarge: the body is over the size limit.
	ErrTooLarge = errors.New("the upload is too large")
	// ErrBadUpload: the request or its audio cannot be used.
	ErrBadUpload = errors.New("the upload cannot be used")
)

// Config is a Service's parts.
type Config struct {
	Ledger  *ledger.Ledger
	Store   Store
	Catalog *catalog.Catalog
	Dir     string                                   // kept uploads live in Dir/<account>/<id>.wav
	Decode  func(r io.Reader) (*audio.Buffer, error) // any supported audio format
	// MaxBytes bounds a body; 0 = DefaultMaxBytes.
	MaxBytes int64
	Now      func() time.Time // nil = time.Now
}

// DefaultMaxBytes is the largest body taken: three minutes of 8-channel 32-bit 192 kHz
// WAV is 553 MB, which nobody needs to send for a 3-minute crop; 200 MB covers 3 minutes
// of 24-bit 96 kHz stereo WAV with room to spare.
const DefaultMaxBytes = 200 << 20

// Service handles uploads. It is safe for concurrent use.
type Service struct{ cfg Config }

// New checks cfg and returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.Ledger == nil || cfg.Store == nil || cfg.Catalog == nil || cfg.Decode == nil || cfg.Dir == "" {
		return nil, errors.New("upload: Ledger, Store, Catalog, Decode and Dir are required")
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

// Request is one upload.
type Request struct {
	AccountID string
	Key       string // idempotency key: a retry with the same key gets the same record
	Name      string
	// Declared is how long the client says the audio is, after its own crop. It lets an
	// upload that cannot fit the allowance be refused before a byte is stored; the
	// server measures and crops the audio itself all the same.
	Declared time.Duration
	Body     io.Reader
}

// Upload takes one upload through every step; see the package comment. An upload that
// matches the catalog returns its record with Status Matched and a nil error: it was
// handled as the rules say, and its length was charged.
func (s *Service) Upload(ctx context.Context, req Request) (Record, error) {
	if err := checkRequest(req); err != nil {
		return Record{}, err
	}
	if r, found, err := s.cfg.Store.UploadByKey(ctx, req.AccountID, req.Key); err != nil || found {
		return r, err
	}
	state, err := s.cfg.Ledger.State(ctx, req.AccountID)
	if err != nil {
		return Record{}, err
	}
	crop := time.Duration(state.Plan.CropSeconds) * time.Second
	if need := chargeFor(min(req.Declared, crop)); need > state.UploadSeconds {
		return Record{}, fmt.Errorf("%w: %d s left, this upload needs %d s", ledger.ErrInsufficientUploadSeconds, state.UploadSeconds, need)
	}

	b, err := s.receive(req)
	if err != nil {
		return Record{}, err
	}
	rec := Record{ID: "upl_" + strings.ToLower(rand.Text()), AccountID: req.AccountID, Key: req.Key, Name: req.Name,
		Original: b.Duration(), CreatedAt: s.cfg.Now().UTC()}
	// Cropped first, so only what is kept is converted to the app's 44.1 kHz stereo.
	if b, err = audio.Conform(cropTo(b, crop)); err != nil {
		return Record{}, fmt.Errorf("%w: %v", ErrBadUpload, err)
	}
	rec.Length, rec.Charged = b.Duration(), chargeFor(b.Duration())

	verdict, err := s.cfg.Catalog.Scan(b)
	if err != nil {
		return Record{}, fmt.Errorf("%w: %v", ErrBadUpload, err)
	}
	rec.Status = Stored
	if verdict.Matched {
		rec.Status = Matched
		rec.Match = &Match{TrackID: verdict.Track.ID, Title: verdict.Track.Title,
			Offset: time.Duration(verdict.Offset * float64(time.Second)), Confidence: verdict.Confidence}
	} else if err := s.keep(rec, b); err != nil {
		return Record{}, err
	}
	// The length counts whether the upload is kept or not. The client's declared length
	// passed the check above, but the audio decides: if it is longer than what is left,
	// the debit fails and nothing is kept.
	if _, err := s.cfg.Ledger.Debit(ctx, req.AccountID, ledger.UploadSeconds, rec.Charged, "upload:"+req.Key, rec.ID); err != nil {
		os.Remove(s.path(rec))
		if errors.Is(err, ledger.ErrInsufficientUploadSeconds) {
			return Record{}, fmt.Errorf("%w: the audio is %d s long after cropping", err, rec.Charged)
		}
		return Record{}, err
	}
	return s.remember(ctx, rec)
}

// remember records the upload; when a concurrent retry with the same key got there
// first, its record is the answer and this one's audio is removed.
func (s *Service) remember(ctx context.Context, rec Record) (Record, error) {
	inserted, err := s.cfg.Store.InsertUpload(ctx, rec)
	if err != nil {
		return Record{}, err
	}
	if inserted {
		return rec, nil
	}
	os.Remove(s.path(rec))
	first, _, err := s.cfg.Store.UploadByKey(ctx, rec.AccountID, rec.Key)
	return first, err
}

// ErrNoSuchUpload reports an upload id the account does not have, or one that was not
// kept (it matched the catalog and was deleted).
var ErrNoSuchUpload = errors.New("no such kept upload")

// Audio reads one of the account's kept uploads, as cropped and stored: the input of an
// audio-to-audio cloud job.
func (s *Service) Audio(ctx context.Context, accountID, id string) (*audio.Buffer, error) {
	r, found, err := s.cfg.Store.UploadByID(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	if !found || r.Status != Stored {
		return nil, fmt.Errorf("%w: %s", ErrNoSuchUpload, id)
	}
	return audio.ReadWAVFile(s.path(r))
}

// Path is where a kept upload's audio is.
func (s *Service) Path(r Record) (string, error) {
	if r.Status != Stored {
		return "", fmt.Errorf("upload %s was not kept: it matched %q", r.ID, r.Match.Title)
	}
	return s.path(r), nil
}

func (s *Service) path(r Record) string {
	return filepath.Join(s.cfg.Dir, r.AccountID, r.ID+".wav")
}

func checkRequest(req Request) error {
	switch {
	case req.AccountID == "":
		return fmt.Errorf("%w: no account", ErrBadUpload)
	case req.Key == "" || len(req.Key) > 200:
		return fmt.Errorf("%w: give an idempotency key of 1 to 200 characters, the same for every retry", ErrBadUpload)
	case req.Declared <= 0:
		return fmt.Errorf("%w: say how long the audio is (after cropping), more than 0 s", ErrBadUpload)
	case req.Body == nil:
		return fmt.Errorf("%w: no audio", ErrBadUpload)
	}
	return nil
}

// chargeFor is the upload seconds a length costs: every started second.
func chargeFor(d time.Duration) int64 { return int64(math.Ceil(d.Seconds() - 1e-9)) }

// receive streams the body to a temporary file, stopping at the size limit, and decodes
// it. The file is deleted before receive returns: from then on the upload exists only in
// memory until it is kept or refused.
func (s *Service) receive(req Request) (*audio.Buffer, error) {
	if err := os.MkdirAll(s.cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(s.cfg.Dir, "incoming-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, io.LimitReader(req.Body, s.cfg.MaxBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("upload: receiving the audio: %w", err)
	case n > s.cfg.MaxBytes:
		return nil, fmt.Errorf("%w: more than %d MB; crop it or send a compressed file (FLAC, MP3)", ErrTooLarge, s.cfg.MaxBytes>>20)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	b, err := s.cfg.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadUpload, err)
	}
	return b, nil
}

// cropTo keeps the first d of b.
func cropTo(b *audio.Buffer, d time.Duration) *audio.Buffer {
	frames := int(d.Seconds() * float64(b.SampleRate))
	if frames >= b.Frames() {
		return b
	}
	return &audio.Buffer{SampleRate: b.SampleRate, Channels: b.Channels, Samples: b.Samples[:frames*b.Channels]}
}

// keep writes the cropped audio where Path finds it.
func (s *Service) keep(r Record, b *audio.Buffer) error {
	path := s.path(r)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return audio.WriteWAVFile(path, b, audio.Float32)
}
