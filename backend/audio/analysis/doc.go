// Package analysis measures music in an audio.Buffer: tempo and beats, onsets, musical key
// and a monophonic pitch contour. The built-in model's tests use it to check that a
// generated track has the tempo and key that were asked for, and audio-to-audio uses it to
// describe a user's recording before conditioning on it.
//
// Everything is built on a short-time Fourier transform (fft.go, stft.go):
//
//   - onset.go turns the spectrogram into an onset-strength envelope (spectral flux of
//     log-compressed magnitudes, about 86 values a second) and picks onsets from it;
//   - tempo.go autocorrelates that envelope to find the beat period, refined to a small
//     fraction of a frame, and places beats on it by dynamic programming;
//   - chroma.go folds a long-window spectrogram into 12 pitch classes, and key.go correlates
//     the track's average chroma with Krumhansl–Kessler key profiles;
//   - pitch.go runs YIN on the mono signal for humming and whistling.
//
// Stereo is mixed to mono first. The package is pure Go (its own FFT) and spreads the
// frames over the cores: a 190 s stereo track takes a few tenths of a second for tempo or
// key on two cores. Everything is deterministic, so tests can assert exact results.
//
// A key finder can only hear the key the music makes audible. A minor progression that
// never returns to its tonic (i–VI–III–VII, repeated) holds the same notes for the same
// time as its relative major's I–V–vi–IV and is read as that major key; music meant to
// be heard in a minor key should resolve to i, as the tests' progressions do.
package analysis

import "errors"

// ErrNoAudio reports a buffer that is malformed or too short to analyse.
var ErrNoAudio = errors.New("analysis: no audio to analyse")

// ErrBadOptions reports analysis settings that cannot work, such as an empty pitch
// range or a spectrogram frame that is not a power of two.
var ErrBadOptions = errors.New("analysis: unusable settings")

// ErrSilent reports audio with too little signal for the measurement asked for
// (no onsets for a tempo, no pitched energy for a key).
var ErrSilent = errors.New("analysis: the audio is silent or has nothing to measure")
