package cache

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbmigrate "stableaudio/backend/store/migrate"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "library.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func track(id string, created time.Time) Track {
	return Track{ID: id, Prompt: "warm lo-fi piano " + id, Model: "1.0", Seed: 42, Seconds: 8,
		CreatedAt: created, FilePath: "/music/" + id + ".wav", Peaks: []float32{0, 0.5, 1}}
}

func TestLibraryListsNewestFirstAndSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	base := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for i, id := range []string{"b", "a", "c"} { // inserted out of date order
		if err := db.AddTrack(ctx, track(id, base.Add(time.Duration([]int{2, 1, 3}[i])*time.Millisecond))); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err := Open(ctx, path) // migrations must not run twice
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Tracks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tr := range got {
		ids = append(ids, tr.ID)
	}
	if strings.Join(ids, ",") != "c,b,a" {
		t.Fatalf("order = %v, want newest first c,b,a", ids)
	}
	want := track("c", base.Add(3*time.Millisecond))
	g := got[0]
	if g.Prompt != want.Prompt || g.Seed != 42 || g.Seconds != 8 || !g.CreatedAt.Equal(want.CreatedAt) ||
		g.FilePath != want.FilePath || len(g.Peaks) != 3 || g.Peaks[1] != 0.5 || g.Favourite {
		t.Fatalf("read back %+v, want %+v", g, want)
	}
}

func TestFavouriteAndUnknownIDs(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if err := db.AddTrack(ctx, track("x", time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFavourite(ctx, "x", true); err != nil {
		t.Fatal(err)
	}
	if tr, _ := db.Track(ctx, "x"); !tr.Favourite {
		t.Fatal("favourite not stored")
	}
	if err := db.SetFavourite(ctx, "nope", true); !errors.Is(err, ErrNotFound) {
		t.Errorf("favourite on unknown id: %v, want ErrNotFound", err)
	}
	if _, err := db.Track(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	if err := db.AddTrack(ctx, track("x", time.Now())); err == nil {
		t.Error("a second track with the same id was accepted")
	}
}

func TestHowATrackWasMadeIsKept(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	want := track("a2a", time.Now())
	want.Negative, want.InputName, want.Strength = "drums, vocals", "hum idea.m4a", 0.7
	if err := db.AddTrack(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.Track(ctx, "a2a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Negative != want.Negative || got.InputName != want.InputName || got.Strength != want.Strength {
		t.Fatalf("read back negative %q, input %q, strength %v; want %q, %q, %v",
			got.Negative, got.InputName, got.Strength, want.Negative, want.InputName, want.Strength)
	}
	bad := track("too-strong", time.Now())
	bad.InputName, bad.Strength = "take.wav", 1.5
	if err := db.AddTrack(ctx, bad); err == nil {
		t.Error("a strength above 1 was stored")
	}
}

// A library written before tracks recorded their negative prompt and input still opens,
// its tracks reading as text to audio with nothing left out.
func TestLibraryFromBeforeTheRecipeUpgrades(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "library.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	all, err := dbmigrate.Load(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dbmigrate.Up(ctx, old, all[:1], nil); err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, `INSERT INTO tracks (id, prompt, model, seed, seconds, created_at, file_path, peaks)
		VALUES ('old', 'dub techno', '1.0', 1, 8, '2026-01-02T03:04:05Z', '/music/old.wav', x'')`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Track(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	if got.Prompt != "dub techno" || got.Negative != "" || got.InputName != "" || got.Strength != 0 {
		t.Fatalf("upgraded track = %+v", got)
	}
}

func TestNewerSchemaIsRefusedWithAHint(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("opening a newer library: %v", err)
	}
}

func TestCorruptDatabaseFileGivesAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path); err == nil {
		t.Fatal("opened a corrupt file as a library")
	}
}

// A setting reads back after it is replaced and after the database is reopened.
func TestSettingsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if _, ok, err := db.Setting(ctx, "input_device"); ok || err != nil {
		t.Fatalf("a setting never set: ok %v, err %v", ok, err)
	}
	for _, v := range []string{"alsa_input.usb-mic", "testmic"} {
		if err := db.SetSetting(ctx, "input_device", v); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, ok, err := db.Setting(ctx, "input_device"); v != "testmic" || !ok || err != nil {
		t.Errorf("after reopening: %q, %v, %v; want the last value stored", v, ok, err)
	}
}
