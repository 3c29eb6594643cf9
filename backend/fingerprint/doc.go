// Package fingerprint recognises recordings by their sound: it tells whether two
// generations of one prompt are the same recording, and whether an upload copies a
// recording in a catalog, even after gain changes, clipping, noise, band-limiting,
// resampling or a mix-down to mono.
//
// It is a landmark fingerprint of the kind Wang described for Shazam: a recording
// becomes a constellation of spectral peaks, pairs of peaks become hash keys, and a copy
// is where many keys agree on one time offset. The parts, one file each:
//
//   - print.go, resample.go and stream.go: Compute mixes a buffer to mono and resamples
//     it to 8 kHz; ComputeFile does the same to a file as it is read, a few seconds at a
//     time on every core, so a song is never held at its own rate. Rates from 40 kHz
//     are first halved by a 15-tap half-band filter, then a polyphase Kaiser-windowed
//     sinc leaves everything above 4.5 kHz 40 dB down (56 dB from 6 kHz), so the same
//     sound at any rate from 8 to 192 kHz gives nearly the same print.
//   - peaks.go: a log spectrogram (analysis.FrameSpectra, 64 ms frames every 16 ms,
//     109 Hz–3.5 kHz), of which only the 33 frames around the one being judged are held.
//     A peak is a point that is the largest within ±156 Hz and ±192 ms; peaks are ranked
//     by salience, their level above the mean of the ±250 Hz × ±256 ms around them, and
//     kept, most salient first, up to 14 in any second. Ranking by a level relative to
//     the neighbourhood makes the choice indifferent to gain and equalisation.
//   - hash.go: each peak is paired with the next three that follow within 1 s and
//     ±1 kHz, and a pair hashes to a 21-bit key (anchor bin, bin step, frame step) kept
//     with the anchor's frame: about 45 hashes a second.
//   - match.go and score.go: Compare and Index.Lookup count, for each offset, the query
//     hashes whose keys occur that far into the reference. A query's frames generally
//     fall between the reference's, which moves half the peaks by a frame, so each query
//     hash is also looked up with its frame step one shorter and one longer. The
//     confidence is the lesser of two scores: how unlikely chance is to line up so many
//     keys, and the share of the query's hashes the reference holds at that offset in
//     the best 10 s. Songs made with the same instruments at the same tempo line up more
//     keys than chance would, but a copy keeps a far larger share.
//   - index.go: an in-memory inverted index from key to reference and frame.
//   - codec.go: a compact binary form of a print, about 150 bytes a second, with a
//     checksum, for storing a catalog.
//
// On the tests' synthetic songs every 10 s excerpt is found in its minute-long song at
// the right offset after each degradation (the lowest confidence, about 0.6, at 10 dB
// SNR), no excerpt comes near matching any of 29 other songs (0.14 at most), and songs
// of one style from different seeds stay apart (under 0.4). ComputeFile takes about
// 0.12 s for three minutes of 44.1 kHz 16-bit stereo WAV on two cores, holding under
// 10 MB, and a 10 s lookup among 10,000 three-minute tracks about 6 ms
// (scripts/bench-fingerprint.sh).
//
// Pitch shifts and tempo changes move every key, so a sped-up or transposed copy is not
// recognised; nor is a cover, which is another recording. A query of a few seconds
// holds few hashes and may be judged different even when it is a copy.
package fingerprint

import "errors"

// ErrNoAudio reports a buffer that is missing, malformed or at a sample rate the
// fingerprint cannot use.
var ErrNoAudio = errors.New("fingerprint: no usable audio")

// ErrTooShort reports audio shorter than MinDuration.
var ErrTooShort = errors.New("fingerprint: the audio is too short to fingerprint")

// ErrCorrupt reports print data that Compute could not have made: bytes that
// UnmarshalBinary cannot read, or a Print whose hashes are out of order or range.
var ErrCorrupt = errors.New("fingerprint: corrupt print data")
