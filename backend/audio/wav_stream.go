package audio

import (
	"errors"
	"fmt"
	"math"
	"os"
)

// WAVStream writes a WAV file as the audio arrives, for a recording: the samples go to
// the end of the file, and Sync puts the length so far in the header and the file on the
// disk, so a recording cut short by a crash or a pulled cable is a valid file holding
// everything up to the last Sync.
type WAVStream struct {
	f        *os.File
	format   SampleFormat
	channels int
	rate     int
	frames   int64
	buf      []byte
}

// CreateWAVStream creates (or truncates) the file at path for audio of this shape.
func CreateWAVStream(path string, rate, channels int, f SampleFormat) (*WAVStream, error) {
	if err := checkShape(channels, rate); err != nil {
		return nil, fmt.Errorf("audio: cannot record %s: %w", path, err)
	}
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	w := &WAVStream{f: file, format: f, channels: channels, rate: rate, buf: make([]byte, 0, 64<<10)}
	if _, err := file.Write(wavHeader(f, rate, channels, 0)); err != nil {
		file.Close()
		return nil, err
	}
	return w, nil
}

// Write appends whole frames of interleaved samples.
func (w *WAVStream) Write(samples []float32) error {
	if len(samples)%w.channels != 0 {
		return fmt.Errorf("audio: %d samples is not a whole number of %d-channel frames", len(samples), w.channels)
	}
	frames := int64(len(samples) / w.channels)
	if uint64(w.frames+frames)*uint64(w.channels*w.format.BitsPerSample()/8) > math.MaxUint32-36 {
		return errors.New("audio: the recording has reached the 4 GiB a WAV file can hold")
	}
	if err := writeSamples(w.f, samples, w.format, w.buf[:0]); err != nil {
		return err
	}
	w.frames += frames
	return nil
}

// Frames is how many frames have been written.
func (w *WAVStream) Frames() int64 { return w.frames }

// Sync writes the length so far into the header and flushes the file to the disk.
func (w *WAVStream) Sync() error {
	size := uint64(w.frames) * uint64(w.channels*w.format.BitsPerSample()/8)
	if _, err := w.f.WriteAt(wavHeader(w.format, w.rate, w.channels, size), 0); err != nil {
		return err
	}
	return w.f.Sync()
}

// Close syncs and closes the file.
func (w *WAVStream) Close() error {
	return errors.Join(w.Sync(), w.f.Close())
}
