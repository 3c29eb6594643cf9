package audio

import (
	"errors"
	"fmt"
	"math"
)

// MixChannels returns the buffer mixed to mono (channels = 1) or stereo (2); with the
// count it already has, a copy. The input is not changed. The rules:
//
//   - Mono to stereo copies the one channel into both at its own level. A player sends
//     a mono file to both speakers at full level, so this is what its listener heard; a
//     −3 dB pan law would make the upload 3 dB quieter than its source, while a mono
//     signal duplicated at equal level is also what mixing it back to mono returns
//     exactly. (A pan law keeps the power constant while a sound moves across a stereo
//     mix; nothing moves here.)
//   - Stereo to mono averages the two channels, so in-phase content keeps its level and a
//     full-scale signal cannot clip.
//   - 3 to 8 channels to stereo follow ITU-R BS.775: each front channel goes to its own
//     side, the centre to both at −3 dB, each surround to its own side at −3 dB (a back
//     centre to both), and the LFE channel is dropped, as every down-mix to stereo does:
//     its content is meant to duplicate the bass of the main channels. The whole mix is
//     then scaled so the busiest output sums to gain 1 (−4.7 dB for 3.0 and quad, −7.7 dB
//     for 5.0 and 5.1, −9.9 dB for 6.1 and 7.1): full scale in every channel at once
//     cannot clip. Loudness is set later by Normalize.
//   - Any count to mono is the average of that stereo down-mix.
//
// A Buffer carries no channel mask, so the layout is taken from the count, in the WAVE
// channel order (L, R, C, LFE, then the surrounds) with the speakers that count
// commonly has, as the loudness meter also takes them:
//
//	3: L R C                   (3.0)
//	4: L R Ls Rs               (quad)
//	5: L R C Ls Rs             (5.0)
//	6: L R C LFE Ls Rs         (5.1)
//	7: L R C LFE Ls Rs Cs      (6.1, Cs the back centre)
//	8: L R C LFE Ls Rs Lb Rb   (7.1; which pair is the back one does not matter here)
//
// Mixing to any other count, or from more than 8 channels, is an error.
func MixChannels(b *Buffer, channels int) (*Buffer, error) {
	if b == nil {
		return nil, errors.New("audio: cannot mix a nil buffer")
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("mix channels: %w", err)
	}
	if channels == b.Channels {
		return &Buffer{SampleRate: b.SampleRate, Channels: channels, Samples: append([]float32(nil), b.Samples...)}, nil
	}
	if channels != 1 && channels != 2 {
		return nil, fmt.Errorf("audio: cannot mix %d channels to %d: only mono (1) and stereo (2) can be mixed to", b.Channels, channels)
	}
	w, err := mixWeights(b.Channels, channels)
	if err != nil {
		return nil, err
	}
	out := NewBuffer(b.SampleRate, channels, b.Frames())
	in := b.Channels
	for f := range b.Frames() {
		x := b.Samples[f*in : (f+1)*in]
		for o, row := range w {
			var s float64
			for i, g := range row {
				s += g * float64(x[i])
			}
			out.Samples[f*channels+o] = float32(s)
		}
	}
	return out, nil
}

// speaker is a channel's position, as far as a down-mix to stereo cares.
type speaker int

const (
	spkL   speaker = iota // front left
	spkR                  // front right
	spkC                  // centre
	spkLFE                // low-frequency effects
	spkLs                 // a surround on the left: side or back
	spkRs                 // a surround on the right
	spkCs                 // back centre
)

// mixLayouts are the layouts MixChannels assumes, by channel count; see its comment.
var mixLayouts = map[int][]speaker{
	3: {spkL, spkR, spkC},
	4: {spkL, spkR, spkLs, spkRs},
	5: {spkL, spkR, spkC, spkLs, spkRs},
	6: {spkL, spkR, spkC, spkLFE, spkLs, spkRs},
	7: {spkL, spkR, spkC, spkLFE, spkLs, spkRs, spkCs},
	8: {spkL, spkR, spkC, spkLFE, spkLs, spkRs, spkLs, spkRs},
}

// mixWeights is the matrix that mixes in channels to out (1 or 2, not in): out rows of
// in weights.
func mixWeights(in, out int) ([][]float64, error) {
	switch {
	case in == 1: // to stereo
		return [][]float64{{1}, {1}}, nil
	case in == 2: // to mono
		return [][]float64{{0.5, 0.5}}, nil
	}
	layout, ok := mixLayouts[in]
	if !ok {
		return nil, fmt.Errorf("audio: cannot mix down %d channels: layouts of 1 to 8 channels are known; export the file as stereo", in)
	}
	const minus3dB = math.Sqrt2 / 2
	left, right := make([]float64, in), make([]float64, in)
	for i, s := range layout {
		switch s {
		case spkL:
			left[i] = 1
		case spkR:
			right[i] = 1
		case spkC, spkCs:
			left[i], right[i] = minus3dB, minus3dB
		case spkLs:
			left[i] = minus3dB
		case spkRs:
			right[i] = minus3dB
		}
	}
	// Every layout is symmetric, so both rows have the same sum of weights.
	var sum float64
	for _, g := range left {
		sum += g
	}
	for i := range left {
		left[i] /= sum
		right[i] /= sum
	}
	if out == 2 {
		return [][]float64{left, right}, nil
	}
	mono := make([]float64, in)
	for i := range mono {
		mono[i] = (left[i] + right[i]) / 2
	}
	return [][]float64{mono}, nil
}
