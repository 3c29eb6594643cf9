package app

import (
	"context"
	"time"

	"stableaudio/app/cache"
)

// ListTracks returns the library, newest first.
func (a *App) ListTracks() ([]Track, error) {
	<-a.ready
	tracks, err := a.lib.Tracks(context.Background())
	if err != nil {
		return nil, toUI(err)
	}
	out := make([]Track, len(tracks))
	for i, t := range tracks {
		out[i] = a.toTrack(t)
	}
	return out, nil
}

// SetFavourite marks or unmarks a track.
func (a *App) SetFavourite(id string, favourite bool) error {
	<-a.ready
	if err := a.lib.SetFavourite(context.Background(), id, favourite); err != nil {
		return toUI(err)
	}
	a.emitter.Emit("library:changed", nil)
	return nil
}

func (a *App) toTrack(t cache.Track) Track {
	out := Track{
		ID: t.ID, Prompt: t.Prompt, Model: t.Model, Seed: t.Seed, Seconds: t.Seconds,
		CreatedAt: t.CreatedAt.UTC().Format(time.RFC3339), FilePath: t.FilePath,
		Peaks: t.Peaks, Favourite: t.Favourite, Negative: t.Negative, InputName: t.InputName, Strength: t.Strength,
	}
	if len(t.Certificate) > 0 {
		out.License = a.checkLicense(t)
	}
	return out
}
