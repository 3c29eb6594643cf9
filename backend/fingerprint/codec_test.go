package fingerprint

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"reflect"
	"testing"
)

// smallPrint is a valid print with a few hashes, two of them at one frame.
var smallPrint = &Print{Frames: 700, Hashes: []Hash{
	{Key: 0x1a2b3, Frame: 0}, {Key: 0x00017, Frame: 5}, {Key: 0x1fffff, Frame: 5}, {Key: 42, Frame: 699},
}}

func TestMarshalRoundTrip(t *testing.T) {
	music, err := Compute(song(randomStyle(8), 8, 10, testRate))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Print{music, smallPrint, {Frames: 63}} {
		data, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Print
		if err := got.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
		if got.Frames != p.Frames || len(got.Hashes) != len(p.Hashes) || (len(p.Hashes) > 0 && !reflect.DeepEqual(got.Hashes, p.Hashes)) {
			t.Errorf("round trip of %d hashes over %d frames gave %d over %d", len(p.Hashes), p.Frames, len(got.Hashes), got.Frames)
		}
		if p == music {
			t.Logf("%d hashes over %v in %d bytes: %.0f B/s, %.1f B/hash",
				len(p.Hashes), p.Duration(), len(data), float64(len(data))/p.Duration().Seconds(), float64(len(data))/float64(len(p.Hashes)))
		}
	}
}

func TestMarshalRejectsMalformed(t *testing.T) {
	for _, p := range []*Print{
		nil,
		{Frames: -1},
		{Frames: 10, Hashes: []Hash{{Key: 1, Frame: 10}}},
		{Frames: 10, Hashes: []Hash{{Key: 1 << keyBits, Frame: 1}}},
		{Frames: 10, Hashes: []Hash{{Key: 2, Frame: 1}, {Key: 1, Frame: 1}}},
		{Frames: 10, Hashes: []Hash{{Key: 1, Frame: 1}, {Key: 1, Frame: 1}}},
	} {
		if _, err := p.MarshalBinary(); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%+v: got %v, want ErrCorrupt", p, err)
		}
	}
}

// sealed appends the checksum, so a test can reach the checks behind it.
func sealed(body []byte) []byte {
	return binary.LittleEndian.AppendUint32(body, crc32.ChecksumIEEE(body))
}

func TestUnmarshalRejectsCorrupt(t *testing.T) {
	good, err := smallPrint.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	body := good[:len(good)-crcSize]
	header := []byte("SAFP\x01")
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic only", []byte("SAFP")},
		{"other magic", append([]byte("RIFF"), good[4:]...)},
		{"newer version", sealed(append([]byte("SAFP\x02"), body[5:]...))},
		{"truncated", good[:len(good)-1]},
		{"truncated and resealed", sealed(body[:len(body)-1])},
		{"extra byte", append(append([]byte{}, good...), 0)},
		{"extra byte resealed", sealed(append(append([]byte{}, body...), 0))},
		{"count beyond the data", sealed(append(header, 10, 200, 1, 0, 0))},
		{"key out of range", sealed(binary.AppendUvarint(append(header, 10, 1, 0), 1<<keyBits))},
		{"hash past the end", sealed(append(header, 10, 1, 10, 1))},
		{"keys out of order", sealed(append(header, 10, 2, 1, 5, 0, 0))},
		{"too many frames", sealed(append(binary.AppendUvarint(header, maxFrames+1), 0))},
		{"varint overflow", sealed(append(header, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0))},
	}
	// Any single flipped bit must be caught.
	for i := range good {
		for bit := range 8 {
			flipped := append([]byte{}, good...)
			flipped[i] ^= 1 << bit
			tests = append(tests, struct {
				name string
				data []byte
			}{"bit flip", flipped})
		}
	}
	for _, tc := range tests {
		p := Print{Frames: 1}
		if err := p.UnmarshalBinary(tc.data); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s (% x): got %v, want ErrCorrupt", tc.name, tc.data, err)
		}
		if p.Frames != 1 || p.Hashes != nil {
			t.Errorf("%s: a failed decode changed the print to %+v", tc.name, p)
		}
	}
}

// FuzzUnmarshal feeds arbitrary bytes, resealed or not, to the decoder: it must never
// panic, and whatever it accepts must be a valid print that encodes back to the same.
func FuzzUnmarshal(f *testing.F) {
	good, err := smallPrint.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, false)
	f.Add(good[:len(good)-crcSize], true)
	f.Add([]byte("SAFP\x01\x00\x00"), true)
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, data []byte, reseal bool) {
		if reseal {
			data = sealed(data)
		}
		var p Print
		if err := p.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if err := p.validate(); err != nil {
			t.Fatalf("accepted an invalid print: %v", err)
		}
		again, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var q Print
		if err := q.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(p, q) {
			t.Fatalf("re-encoding changed the print: %v", err)
		}
	})
}
