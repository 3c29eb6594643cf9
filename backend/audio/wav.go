package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// SampleFormat is how a WAV file stores each sample.
type SampleFormat int

const (
	PCM16   SampleFormat = iota // 16-bit signed integer, the CD format
	PCM24                       // 24-bit signed integer, the usual studio format
	Float32                     // 32-bit IEEE float, lossless for our buffers
)

// BitsPerSample is the sample width on disk.
func (f SampleFormat) BitsPerSample() int {
	switch f {
	case PCM24:
		return 24
	case Float32:
		return 32
	default:
		return 16
	}
}

// ParseSampleFormat reads the names the CLI and settings use: "16", "24", "float".
func ParseSampleFormat(s string) (SampleFormat, error) {
	switch s {
	case "16", "pcm16":
		return PCM16, nil
	case "24", "pcm24":
		return PCM24, nil
	case "float", "f32", "32f":
		return Float32, nil
	}
	return 0, fmt.Errorf("audio: unknown WAV sample format %q (use 16, 24 or float)", s)
}

const (
	wavFormatPCM   = 1
	wavFormatFloat = 3
)

// WriteWAV encodes the buffer as a canonical RIFF/WAVE stream. Integer formats clip
// samples outside [-1, 1] rather than wrapping around.
func WriteWAV(w io.Writer, b *Buffer, f SampleFormat) error {
	if err := b.Validate(); err != nil {
		return err
	}
	bytesPerSample := f.BitsPerSample() / 8
	dataSize := uint64(len(b.Samples)) * uint64(bytesPerSample)
	if dataSize > math.MaxUint32-36 {
		return errors.New("audio: buffer too long for a WAV file (over 4 GiB)")
	}
	if _, err := w.Write(wavHeader(f, b.SampleRate, b.Channels, dataSize)); err != nil {
		return err
	}
	return writeSamples(w, b.Samples, f, make([]byte, 0, 64<<10))
}

// writeSamples writes samples in format f, through buf's capacity a piece at a time.
func writeSamples(w io.Writer, samples []float32, f SampleFormat, buf []byte) error {
	for _, v := range samples {
		if len(buf)+4 > cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		buf = appendSample(buf, v, f)
	}
	_, err := w.Write(buf)
	return err
}

// wavHeader is the 44-byte header of a canonical WAV file holding dataSize bytes of
// samples.
func wavHeader(f SampleFormat, rate, channels int, dataSize uint64) []byte {
	bytesPerSample := f.BitsPerSample() / 8
	tag := uint16(wavFormatPCM)
	if f == Float32 {
		tag = wavFormatFloat
	}
	hdr := make([]byte, 0, wavHeaderSize)
	hdr = append(hdr, "RIFF"...)
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(36+dataSize))
	hdr = append(hdr, "WAVEfmt "...)
	hdr = binary.LittleEndian.AppendUint32(hdr, 16)
	hdr = binary.LittleEndian.AppendUint16(hdr, tag)
	hdr = binary.LittleEndian.AppendUint16(hdr, uint16(channels))
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(rate))
	hdr = binary.LittleEndian.AppendUint32(hdr, uint32(rate*channels*bytesPerSample))
	hdr = binary.LittleEndian.AppendUint16(hdr, uint16(channels*bytesPerSample))
	hdr = binary.LittleEndian.AppendUint16(hdr, uint16(f.BitsPerSample()))
	hdr = append(hdr, "data"...)
	return binary.LittleEndian.AppendUint32(hdr, uint32(dataSize))
}

const wavHeaderSize = 44

// appendSample appends v in format f, clipping integers to their range.
func appendSample(dst []byte, v float32, f SampleFormat) []byte {
	switch f {
	case PCM16:
		return binary.LittleEndian.AppendUint16(dst, uint16(quantize(v, 1<<15)))
	case PCM24:
		q := uint32(quantize(v, 1<<23))
		return append(dst, byte(q), byte(q>>8), byte(q>>16))
	default:
		return binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
	}
}

// quantize maps [-1, 1] onto the signed integer range of the given full scale, clipping.
func quantize(v float32, fullScale int32) int32 {
	x := math.Round(float64(v) * float64(fullScale))
	if x > float64(fullScale-1) {
		return fullScale - 1
	}
	if x < -float64(fullScale) {
		return -fullScale
	}
	return int32(x)
}

// WriteWAVFile writes the buffer to path through a temporary file in the same folder, so a
// failed or interrupted write never leaves a truncated file under the final name.
func WriteWAVFile(path string, b *Buffer, f SampleFormat) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := WriteWAV(tmp, b, f); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
