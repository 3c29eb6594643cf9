package app

import (
	"os"
	"testing"
	"time"
)

// A generated track plays through the real player to its end. Needs an audio server:
// make test starts a throw-away PulseAudio with a null output and sets the variable.
func TestPlayAGeneratedTrackToTheEnd(t *testing.T) {
	if os.Getenv("STABLEAUDIO_AUDIO_TESTS") != "1" {
		t.Skip("set STABLEAUDIO_AUDIO_TESTS=1 after scripts/audio-test-env.sh start")
	}
	a, rec := newTestApp(t)
	ended := make(chan PlayerState, 1)
	rec.onEmit = func(e event) {
		if s, ok := e.data.(PlayerState); ok && e.name == "player:state" && !s.Playing && s.PositionSec > 0 && s.PositionSec == s.DurationSec {
			select {
			case ended <- s:
			default:
			}
		}
	}
	track, err := a.Generate(GenerateInput{Prompt: "short techno stab", Seconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.Play(track.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.TrackID != track.ID || !st.Playing || st.DurationSec != 1 {
		t.Fatalf("after Play: %+v", st)
	}
	select {
	case s := <-ended:
		if s.TrackID != track.ID {
			t.Fatalf("ended %+v, want track %s", s, track.ID)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("a 1 s track did not play to its end; last state %+v", a.PlayerStatus())
	}
	// Playing the same track again starts from the top without reloading it.
	if st, err := a.Play(track.ID); err != nil || !st.Playing || st.PositionSec >= 1 {
		t.Fatalf("replay: %+v %v", st, err)
	}
	if st, err := a.Pause(); err != nil || st.Playing {
		t.Fatalf("pause: %+v %v", st, err)
	}
}
