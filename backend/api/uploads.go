package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"stableaudio/backend/upload"
)

// Uploads: a recording for audio to audio, sent as the request body in any supported
// audio format. The client crops it to the tier first and says how long the crop is
// (seconds=), so an upload that cannot fit the month's allowance is refused before a
// byte is sent; the server crops and measures again. Idempotency-Key makes retries safe:
// the same key gets the same answer and is charged once.

// uploadJSON is what became of an upload.
type uploadJSON struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          upload.Status    `json:"status"`
	OriginalSeconds float64          `json:"originalSeconds"`
	Seconds         float64          `json:"seconds"`        // kept (or matched) after cropping
	ChargedSeconds  int64            `json:"chargedSeconds"` // deducted from the month's upload time
	Match           *uploadMatchJSON `json:"match"`          // null unless status is "matched"
	// Message tells the user what happened, in a sentence the app can show as it is.
	Message           string    `json:"message"`
	UploadSecondsLeft int64     `json:"uploadSecondsLeft"`
	CreatedAt         time.Time `json:"createdAt"`
}

type uploadMatchJSON struct {
	TrackID    string  `json:"trackId"`
	Title      string  `json:"title"`
	Offset     float64 `json:"offset"` // seconds into the catalog track where the upload starts
	Confidence float64 `json:"confidence"`
}

// maxDeclaredSeconds bounds seconds=: no tier crops to more than an hour.
const maxDeclaredSeconds = 3600

// postUpload: POST /v1/accounts/{id}/uploads?seconds=<declared>&name=<file name>.
func (s *Server) postUpload(w http.ResponseWriter, r *http.Request) error {
	if s.uploads == nil {
		return &apiError{http.StatusServiceUnavailable, "unavailable", "this server does not take uploads"}
	}
	declared, err := strconv.ParseFloat(r.URL.Query().Get("seconds"), 64)
	if err != nil || !(declared > 0 && declared <= maxDeclaredSeconds) {
		return invalidRequest("query parameter %q must be the audio's length after cropping, more than 0 and at most %d", "seconds", maxDeclaredSeconds)
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return invalidRequest("send an Idempotency-Key header, the same for every retry of this upload")
	}
	caller := callerFrom(r).account.ID
	rec, err := s.uploads.Upload(r.Context(), upload.Request{AccountID: caller, Key: key, Name: r.URL.Query().Get("name"),
		Declared: time.Duration(declared * float64(time.Second)), Body: r.Body})
	if err != nil {
		return err
	}
	st, err := s.ledger.State(r.Context(), caller)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toUploadJSON(rec, st.UploadSeconds))
	return nil
}

func toUploadJSON(rec upload.Record, left int64) uploadJSON {
	out := uploadJSON{ID: rec.ID, Name: rec.Name, Status: rec.Status, OriginalSeconds: rec.Original.Seconds(),
		Seconds: rec.Length.Seconds(), ChargedSeconds: rec.Charged, UploadSecondsLeft: left, CreatedAt: utc(rec.CreatedAt)}
	if m := rec.Match; m != nil {
		out.Match = &uploadMatchJSON{TrackID: m.TrackID, Title: m.Title, Offset: m.Offset.Seconds(), Confidence: m.Confidence}
		out.Message = fmt.Sprintf("This recording matches “%s” in our catalog of protected recordings, so it was deleted "+
			"and cannot be used. Its %s still count against this month's upload time.", m.Title, minSec(rec.Charged))
	} else {
		out.Message = fmt.Sprintf("Uploaded %s (%s counted against this month's upload time).", minSec(int64(math.Round(rec.Length.Seconds()))), minSec(rec.Charged))
	}
	return out
}

// minSec writes seconds as m:ss.
func minSec(seconds int64) string { return fmt.Sprintf("%d:%02d", seconds/60, seconds%60) }
