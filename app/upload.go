package app

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"stableaudio/backend/audio"
)

// Uploading a recording to the account: the part the plan keeps (what InspectAudio
// showed) is sent, the server crops and measures it again, charges it to the month's
// upload time and scans it against the catalog of protected recordings.

// uploadTimeout bounds one upload; fifty megabytes over a slow line take minutes.
const uploadTimeout = 10 * time.Minute

// UploadInput uploads the part of the recording at path that the plan keeps. A file the
// crop does not shorten is sent as it is (a compressed file stays small); a longer one is
// cut to the crop and sent as 24-bit WAV. Uploading the same audio again is not charged
// again: the idempotency key is the audio's own hash.
func (a *App) UploadInput(path string) (UploadResult, error) {
	<-a.ready
	ctx, cancel := context.WithTimeout(context.Background(), uploadTimeout)
	defer cancel()
	in, err := a.openInput(ctx, path)
	if err != nil {
		return UploadResult{}, toUI(err)
	}
	account, err := a.signedIn()
	if err != nil {
		return UploadResult{}, toUI(err)
	}
	kept := in.kept()
	body, err := uploadBody(path, in, kept)
	if err != nil {
		return UploadResult{}, toUI(err)
	}
	defer body.Close()
	up, err := account.Upload(ctx, in.name, kept.Duration().Seconds(), audioKey(kept), body)
	if err != nil {
		return UploadResult{}, toUI(err)
	}
	res := UploadResult{ID: up.ID, Matched: up.Status == "matched", Seconds: up.Seconds, ChargedSeconds: up.ChargedSeconds,
		UploadSecondsLeft: up.UploadSecondsLeft, Message: up.Message}
	if up.Match != nil {
		res.MatchedTitle = up.Match.Title
	}
	return res, nil
}

// uploadBody is what is sent: the file itself when the plan keeps all of it, else the kept
// part written as WAV while it is sent.
func uploadBody(path string, in inputAudio, kept *audio.Buffer) (io.ReadCloser, error) {
	if !in.cropped() {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %s cannot be read: %w", errBadInput, in.name, err)
		}
		return f, nil
	}
	r, w := io.Pipe()
	go func() { w.CloseWithError(audio.WriteWAV(w, kept, audio.PCM24)) }()
	return r, nil
}

// audioKey names a recording by its samples, so a retry, or the same take uploaded twice,
// is the same upload to the server.
func audioKey(b *audio.Buffer) string {
	h := sha256.New()
	var word [4]byte
	for _, v := range []uint32{uint32(b.SampleRate), uint32(b.Channels)} {
		binary.LittleEndian.PutUint32(word[:], v)
		h.Write(word[:])
	}
	buf := make([]byte, 0, 64<<10)
	for _, v := range b.Samples {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		if len(buf) == cap(buf) {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return "audio-" + hex.EncodeToString(h.Sum(nil)[:16])
}
