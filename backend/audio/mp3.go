package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/hajimehoshi/go-mp3"
)

// mpegHeader is the 32-bit header of an MPEG audio frame.
type mpegHeader uint32

func (h mpegHeader) version() uint32 { return uint32(h) >> 19 & 3 } // 0 = MPEG 2.5, 1 reserved, 2 = MPEG 2, 3 = MPEG 1
func (h mpegHeader) layer() uint32   { return uint32(h) >> 17 & 3 } // 1 = III, 2 = II, 3 = I, 0 reserved
func (h mpegHeader) mono() bool      { return uint32(h)>>6&3 == 3 }

// valid reports 11 sync bits followed by no reserved field value. Free-format bit rates
// (index 0) count as invalid: no decoder here reads them.
func (h mpegHeader) valid() bool {
	bitrate, rate := uint32(h)>>12&15, uint32(h)>>10&3
	return uint32(h)>>21 == 0x7ff && h.version() != 1 && h.layer() != 0 &&
		bitrate != 0 && bitrate != 15 && rate != 3
}

// mp3 reports a header go-mp3 decodes: layer III of MPEG 1 or 2, not 2.5.
func (h mpegHeader) mp3() bool { return h.valid() && h.layer() == 1 && h.version() >= 2 }

// decodeMP3 decodes an MP3 stream, ID3 tags already skipped, with
// github.com/hajimehoshi/go-mp3. The library always gives 16-bit stereo; the channel
// count comes from the first frame header, and a mono file keeps one of the two copies.
// The encoder's delay and padding (50 to 75 ms of silence in all) are not trimmed.
func decodeMP3(r *bufio.Reader) (b *Buffer, err error) {
	defer recoverPanic("MP3", &err)
	var h mpegHeader
	if head, _ := r.Peek(4); len(head) == 4 {
		h = mpegHeader(binary.BigEndian.Uint32(head))
	}
	if !h.mp3() {
		return nil, errors.New("not a readable MP3 file: it does not start with an MPEG layer III frame")
	}
	channels := 2
	if h.mono() {
		channels = 1
	}
	// A *bufio.Reader cannot seek, which keeps go-mp3 from scanning the whole file for
	// its length before it starts.
	d, err := mp3.NewDecoder(r)
	if err != nil {
		return nil, libError("MP3", err)
	}
	rate := d.SampleRate()
	if err := checkShape(channels, rate); err != nil {
		return nil, fmt.Errorf("not a readable MP3 file: %w", err)
	}
	sink := newFrameSink(rate, channels, 0, false)
	pcm := make([]byte, 4*1152*16) // 16 frames of 16-bit stereo
	for {
		n, readErr := io.ReadFull(d, pcm)
		frames := n / 4
		dst, err := sink.grow(frames * channels)
		if err != nil {
			return nil, err
		}
		for i := range frames {
			for c := range channels {
				dst[i*channels+c] = float32(int16(binary.LittleEndian.Uint16(pcm[4*i+2*c:]))) / (1 << 15)
			}
		}
		switch {
		case readErr == io.EOF || readErr == io.ErrUnexpectedEOF:
			return sink.buf, nil
		case readErr != nil:
			return nil, libError("MP3", readErr)
		}
	}
}
