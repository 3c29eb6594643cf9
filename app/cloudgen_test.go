package app

import (
	"os"
	"testing"

	"stableaudio/backend/license"
)

// A cloud track from the Generate view: paid in credits, in the library with its license,
// which verifies on this computer with the account server stopped; a changed file does not.
func TestCloudGeneration(t *testing.T) {
	a, rec := newTestApp(t)
	before, err := a.Account()
	if err != nil {
		t.Fatal(err)
	}
	if !before.Cloud || before.CloudPrices["2.0"] != 2 {
		t.Fatalf("account %+v: want cloud generation with 2.0 at 2 credits", before)
	}
	track, err := a.Generate(GenerateInput{JobID: "cloud-1", Prompt: "ambient drone in D", Seconds: 3, Model: "2.0", Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := a.Account()
	if after.Credits != before.Credits-2 {
		t.Fatalf("credits %d → %d, want 2 taken", before.Credits, after.Credits)
	}
	if track.License == nil || !track.License.Verified || track.License.License != "personal" || track.License.Commercial {
		t.Fatalf("the cloud track's license: %+v", track.License)
	}
	if len(rec.named("generate:progress:cloud-1")) == 0 {
		t.Error("no progress events for the cloud job")
	}
	// The job id is the job's idempotency key: the same id again is the same job, paid once.
	if _, err := a.Generate(GenerateInput{JobID: "cloud-1", Prompt: "ambient drone in D", Seconds: 3, Model: "2.0", Cloud: true}); err != nil {
		t.Fatal(err)
	}
	if again, _ := a.Account(); again.Credits != after.Credits {
		t.Fatalf("the same job id again took credits: %d → %d", after.Credits, again.Credits)
	}

	// Offline: the account server is gone, the certificate still verifies.
	a.account.Close(t.Context())
	tracks, err := a.ListTracks()
	if err != nil {
		t.Fatal(err)
	}
	var found *Track
	for i := range tracks {
		if tracks[i].ID == track.ID {
			found = &tracks[i]
		}
	}
	if found == nil || found.License == nil || !found.License.Verified {
		t.Fatalf("offline listing: %+v", found)
	}
	data, _ := os.ReadFile(track.FilePath)
	data[len(data)-1] ^= 1
	os.WriteFile(track.FilePath, data, 0o644)
	tracks, _ = a.ListTracks()
	for _, tr := range tracks {
		if tr.ID == track.ID && (tr.License.Verified || tr.License.Problem != license.ErrAudioChanged.Error()) {
			t.Fatalf("a changed file's license: %+v", tr.License)
		}
	}
}
