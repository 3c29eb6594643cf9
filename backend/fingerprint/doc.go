// Package fingerprint identifies recordings by landmark hashing.
//
// (design notes to be written)
package fingerprint

import "errors"

// ErrNoAudio reports a buffer that is missing, malformed or at a sample rate the
// fingerprint cannot use.
var ErrNoAudio = errors.New("fingerprint: no usable audio")

// ErrTooShort reports audio shorter than MinDuration.
var ErrTooShort = errors.New("fingerprint: the audio is too short to fingerprint")

// ErrCorrupt reports bytes that are not a print written by MarshalBinary.
var ErrCorrupt = errors.New("fingerprint: corrupt print data")
