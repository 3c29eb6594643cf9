package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrUnsupportedFormat reports a file this program cannot decode: bytes it does not
// recognise, a format that needs ffmpeg where none is installed, or an encoding inside a
// WAV or AIFF file that it does not read (ADPCM, µ-law, 12-bit…).
var ErrUnsupportedFormat = errors.New("format not supported")

// ErrTooLong reports a file that decodes to more audio than Decode will hold: see
// MaxDecodeSeconds.
var ErrTooLong = errors.New("audio is too long to decode")

const (
	// MaxDecodeSeconds is the most audio Decode returns, in seconds at the file's own
	// rate. Uploads are cropped to at most 3 minutes before they count, so half an hour
	// leaves a long take room to be cropped, while a file that would decode to hours — a
	// mistake or an attack — fails before it fills the memory.
	MaxDecodeSeconds = 30 * 60

	// maxDecodeSamples caps the samples themselves at 30 minutes of 48 kHz stereo
	// (691 MB of float32). The time cap alone would let 8 channels at 768 kHz take 44 GB,
	// and a small FLAC file of constant blocks can ask for that much.
	maxDecodeSamples = MaxDecodeSeconds * 48000 * 2

	maxChannels   = 8      // 7.1; more is not music a producer uploads
	maxSampleRate = 768000 // the highest rate audio interfaces record at
)

// decodeLimit is how many frames a file of this shape may decode to.
func decodeLimit(rate, channels int) int {
	return min(MaxDecodeSeconds*rate, maxDecodeSamples/channels)
}

func errTooLong(rate, channels int) error {
	seconds := float64(decodeLimit(rate, channels)) / float64(rate)
	limit := fmt.Sprintf("%.3g minutes", seconds/60)
	if seconds < 120 {
		limit = fmt.Sprintf("%.3g seconds", seconds)
	}
	return fmt.Errorf("%w: it holds more than %s of %d-channel audio at %d Hz; trim it before uploading",
		ErrTooLong, limit, channels, rate)
}

// checkShape rejects a header's channel count and sample rate before they size any work.
func checkShape(channels, rate int) error {
	if channels < 1 || channels > maxChannels {
		return fmt.Errorf("%d channels (1 to %d are supported)", channels, maxChannels)
	}
	if rate < 1 || rate > maxSampleRate {
		return fmt.Errorf("a sample rate of %d Hz (1 Hz to %d Hz are supported)", rate, maxSampleRate)
	}
	return nil
}

// Decode reads an uploaded audio file — WAV, AIFF, FLAC or MP3, and through ffmpeg when it
// is installed Ogg, Opus, M4A/AAC, WebM and the like — and returns its samples at the
// file's own sample rate and channel count. The format is told from the first bytes, not
// from a file name, which an upload's may well contradict.
//
// A file whose audio data is cut short gives the whole frames it holds, as a recorder
// that crashed leaves it; a file with no audio at all, a damaged header or more than
// MaxDecodeSeconds of audio is an error. Decoding never trusts a size in a header: memory
// grows with the audio actually read.
func Decode(r io.Reader) (*Buffer, error) { return decode(r, decodeOpts{avail: sizeLeft(r)}) }

// DecodeMono is Decode mixed down to one channel (see MonoSamples). An uncompressed file
// is mixed as it is read, so the full multichannel buffer never exists: the copyright
// scan reads uploads this way.
func DecodeMono(r io.Reader) (*Buffer, error) {
	return decode(r, decodeOpts{avail: sizeLeft(r), mono: true})
}

func decode(r io.Reader, o decodeOpts) (*Buffer, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipID3v2(br); err != nil {
		return nil, err
	}
	head, err := br.Peek(12)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("audio: cannot read the file: %w", err)
	}
	var b *Buffer
	format := sniff(head)
	switch format {
	case "":
		if len(head) == 0 {
			return nil, fmt.Errorf("audio: the file is empty: %w", ErrUnsupportedFormat)
		}
		return nil, fmt.Errorf("audio: not an audio file this program recognises: %w; upload WAV, AIFF, FLAC or MP3", ErrUnsupportedFormat)
	case "WAV":
		b, err = readWAV(br, o)
	case "AIFF":
		b, err = readAIFF(br, o)
	case "FLAC":
		b, err = decodeFLAC(br)
	case "MP3":
		b, err = decodeMP3(br)
	default:
		b, err = decodeWithFFmpeg(br, format)
	}
	if err != nil {
		return nil, err
	}
	if o.chunk != nil {
		return b, nil // DecodeMonoStream takes it from here
	}
	if b.Frames() == 0 {
		return nil, fmt.Errorf("audio: the %s file holds no audio; check that the recording is not empty", format)
	}
	if o.mono && b.Channels > 1 {
		b = &Buffer{SampleRate: b.SampleRate, Channels: 1, Samples: MonoSamples(b)}
	}
	return b, nil
}

// DecodeMonoStream reads r as DecodeMono does, but hands the mono samples over a piece
// at a time instead of returning them: begin gets the sample rate and the number of
// samples the file claims to hold (a header may lie; −1 when it does not say), then
// chunk gets every sample in order, in a slice that is reused once it returns. An uncompressed file
// is never held whole, so the fingerprint of a long WAV file starts on its first second
// while the rest is still being read; compressed ones are decoded whole first. An error
// from begin or chunk stops the decoding and is returned.
func DecodeMonoStream(r io.Reader, begin func(rate, frames int) error, chunk func(samples []float32) error) error {
	sent := 0
	counted := func(s []float32) error {
		sent += len(s)
		return chunk(s)
	}
	b, err := decode(r, decodeOpts{avail: sizeLeft(r), mono: true, begin: begin, chunk: counted})
	switch {
	case err != nil:
		return err
	case sent > 0:
		return nil // streamed as it was read
	case b.Frames() == 0:
		return errors.New("audio: the file holds no audio; check that the recording is not empty")
	}
	if err := begin(b.SampleRate, b.Frames()); err != nil {
		return err
	}
	mono := MonoSamples(b)
	for len(mono) > 0 {
		n := min(len(mono), 1<<16)
		if err := chunk(mono[:n]); err != nil {
			return err
		}
		mono = mono[n:]
	}
	return nil
}

// DecodeFileMonoStream opens a file and decodes it as DecodeMonoStream does.
func DecodeFileMonoStream(path string, begin func(rate, frames int) error, chunk func(samples []float32) error) error {
	_, err := decodeFile(path, func(r io.Reader) (*Buffer, error) { return nil, DecodeMonoStream(r, begin, chunk) })
	return err
}

// sizeLeft is how many bytes are left to read in r when r is a regular file, else −1.
func sizeLeft(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return -1
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return -1
	}
	at, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return -1
	}
	return max(0, info.Size()-at)
}

// DecodeFile opens and decodes an audio file, as Decode does.
func DecodeFile(path string) (*Buffer, error) { return decodeFile(path, Decode) }

// DecodeFileMono opens and decodes an audio file, as DecodeMono does.
func DecodeFileMono(path string) (*Buffer, error) { return decodeFile(path, DecodeMono) }

func decodeFile(path string, decode func(io.Reader) (*Buffer, error)) (*Buffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// sniff names the format the first bytes of a file announce, "" for none it knows. WAV,
// AIFF, FLAC and MP3 are decoded here; every other name is handed to ffmpeg.
func sniff(head []byte) string {
	tag := func(at int, s string) bool { return len(head) >= at+len(s) && string(head[at:at+len(s)]) == s }
	switch {
	case tag(0, "RIFF") && tag(8, "WAVE"):
		return "WAV"
	case (tag(0, "RF64") || tag(0, "BW64")) && tag(8, "WAVE"):
		return "RF64 WAV"
	case tag(0, "FORM") && (tag(8, "AIFF") || tag(8, "AIFC")):
		return "AIFF"
	case tag(0, "fLaC"):
		return "FLAC"
	case tag(0, "OggS"):
		return "Ogg"
	case tag(0, "\x1a\x45\xdf\xa3"):
		return "WebM/Matroska"
	case tag(4, "ftyp"):
		return "MP4/M4A"
	case tag(0, "caff"):
		return "CAF"
	case len(head) >= 2 && head[0] == 0xff && head[1]&0xf6 == 0xf0:
		return "AAC" // an ADTS header: 12 sync bits, then layer 0
	case len(head) >= 4:
		h := mpegHeader(binary.BigEndian.Uint32(head))
		if h.mp3() {
			return "MP3"
		}
		if h.valid() {
			return "MPEG audio" // layer I or II, or MPEG 2.5
		}
	}
	return ""
}

// skipID3v2 steps over ID3v2 tags at the start of the file. MP3 files carry them, and
// some FLAC and AAC files too; the decoders behind them would allocate the size a tag
// claims, so the tag is skipped here without reading it into memory.
func skipID3v2(br *bufio.Reader) error {
	for {
		h, err := br.Peek(10)
		if err != nil || !bytes.HasPrefix(h, []byte("ID3")) {
			return nil
		}
		if h[6]|h[7]|h[8]|h[9] >= 0x80 {
			return errors.New("audio: the file's ID3 tag is damaged (its size is not a syncsafe integer)")
		}
		size := 10 + (int(h[6])<<21 | int(h[7])<<14 | int(h[8])<<7 | int(h[9]))
		if h[5]&0x10 != 0 { // a footer repeats the header at the end
			size += 10
		}
		if _, err := br.Discard(size); err != nil {
			return fmt.Errorf("audio: the file ends inside its ID3 tag: it is cut short: %w", err)
		}
	}
}

// recoverPanic turns a panic inside a third-party decoder into an error: their parsers
// index slices with values read from the file, and a damaged upload must not take the
// program down. Defer it directly, with the decoder's named error result.
func recoverPanic(format string, err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("not a readable %s file: the decoder failed on damaged data (%v); export the file again", format, p)
	}
}

// libError words an error from a decoder library like the package's own.
func libError(format string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("not a readable %s file: it ends before its first audio frame; the file is cut short", format)
	}
	return fmt.Errorf("not a readable %s file: %s; the file is damaged", format, libMessage(err))
}

// libMessage is a library's error message without the "pkg.Func: " prefixes that name
// its internals rather than the problem.
func libMessage(err error) string {
	msg := err.Error()
	for {
		i := strings.Index(msg, ": ")
		if i <= 0 || strings.ContainsAny(msg[:i], " '\"") {
			return msg
		}
		msg = msg[i+2:]
	}
}
