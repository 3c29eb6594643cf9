package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stableaudio/backend/audio"
	"stableaudio/backend/audio/audiotest"
)

// Staff ingest a folder of recordings with a progress bar, then scan files: an excerpt of
// a catalog recording is named with its offset, anything else is not matched.
func TestCatalogAddThenScan(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	recordings := filepath.Join(dir, "catalog")
	os.MkdirAll(filepath.Join(recordings, "more"), 0o755)
	songs := map[string]*audio.Buffer{}
	for i, path := range []string{"first song.wav", "second song.wav", "more/third song.wav"} {
		songs[path] = audiotest.Song(uint64(100+i), 40)
		if err := audio.WriteWAVFile(filepath.Join(recordings, path), songs[path], audio.PCM16); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(recordings, "notes.txt"), []byte("not audio"), 0o644)

	code, out, errs := runServer(t, "catalog", "add", "--db", db, recordings)
	if code != 0 || !strings.Contains(out, "added 3 of 3 recordings") || !strings.Contains(out, "the catalog holds 3") {
		t.Fatalf("catalog add: exit %d, %q, %q", code, out, errs)
	}
	if !strings.Contains(errs, "["+strings.Repeat("#", progressWidth)+"] 3/3") {
		t.Errorf("no finished progress bar on stderr: %q", errs)
	}

	excerpt := filepath.Join(dir, "excerpt.wav")
	audio.WriteWAVFile(excerpt, audiotest.Excerpt(songs["second song.wav"], 7.5, 10, 0.5), audio.PCM16)
	other := filepath.Join(dir, "other.wav")
	audio.WriteWAVFile(other, audiotest.Song(999, 20), audio.PCM16)
	for _, tc := range []struct {
		file    string
		matched bool
		title   string
		offset  float64
	}{{excerpt, true, "second song", 7.5}, {other, false, "", 0}} {
		code, out, errs := runServer(t, "catalog", "scan", "--db", db, tc.file)
		var v struct {
			Matched bool
			Track   *struct{ Title string }
			Offset  float64
		}
		if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || json.Unmarshal([]byte(out), &v) != nil {
			t.Fatalf("scan %s: exit %d, %q, %q; want one JSON object", tc.file, code, out, errs)
		}
		if v.Matched != tc.matched || (tc.matched && (v.Track.Title != tc.title || math.Abs(v.Offset-tc.offset) > 0.1)) {
			t.Errorf("scan %s: %s; want matched=%v %q at %.1f s", filepath.Base(tc.file), out, tc.matched, tc.title, tc.offset)
		}
	}

	bad := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"catalog"}, 2, "usage"},
		{[]string{"catalog", "add", "--db", db}, 2, "no audio files"},
		{[]string{"catalog", "add", "--db", db, filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"catalog", "add", "--db", db, filepath.Join(recordings, "notes.txt")}, 1, "could not be added"},
		{[]string{"catalog", "scan", "--db", db}, 2, "one file"},
		{[]string{"catalog", "scan", "--db", db, filepath.Join(recordings, "notes.txt")}, 1, "not supported"},
	}
	for _, tc := range bad {
		code, out, errs := runServer(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, %q %q; want exit %d mentioning %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}
