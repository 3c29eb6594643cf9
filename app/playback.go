package app

import (
	"context"
	"time"

	"stableaudio/app/player"
	"stableaudio/backend/audio"
)

// Play loads a library track into the player and starts it. Playing the track that is
// already loaded resumes it instead of reloading the file.
func (a *App) Play(id string) (PlayerState, error) {
	<-a.ready
	if a.player.State().TrackID != id {
		t, err := a.lib.Track(context.Background(), id)
		if err != nil {
			return PlayerState{}, toUI(err)
		}
		buf, err := audio.ReadWAVFile(t.FilePath)
		if err != nil {
			return PlayerState{}, toUI(err)
		}
		if err := a.player.Load(id, buf); err != nil {
			return PlayerState{}, toUI(err)
		}
	}
	return a.playerResult(a.player.Play())
}

// Pause holds playback where it is.
func (a *App) Pause() (PlayerState, error) { <-a.ready; return a.playerResult(a.player.Pause()) }

// Resume continues after Pause.
func (a *App) Resume() (PlayerState, error) { <-a.ready; return a.playerResult(a.player.Play()) }

// Stop ends playback and rewinds.
func (a *App) Stop() (PlayerState, error) { <-a.ready; return a.playerResult(a.player.Stop()) }

// Seek moves the play position, in seconds from the start.
func (a *App) Seek(seconds float64) (PlayerState, error) {
	<-a.ready
	return a.playerResult(a.player.Seek(time.Duration(seconds * float64(time.Second))))
}

// PlayerStatus is the player's current state.
func (a *App) PlayerStatus() PlayerState { <-a.ready; return toPlayerState(a.player.State()) }

func (a *App) playerResult(err error) (PlayerState, error) {
	return toPlayerState(a.player.State()), toUI(err)
}

func toPlayerState(s player.State) PlayerState {
	return PlayerState{TrackID: s.TrackID, Playing: s.Playing,
		PositionSec: s.Position.Seconds(), DurationSec: s.Duration.Seconds()}
}
