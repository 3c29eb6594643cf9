package fingerprint

import (
	"encoding"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// The binary form, for storing a catalog's prints in a database:
//
//	"SAFP" 0x01                   magic and version
//	uvarint frames
//	uvarint hash count
//	per hash: uvarint frame step  from the previous hash's frame (the first from 0)
//	          uvarint key         or, after a step of 0, the step from the previous key
//	uint32  CRC-32 (IEEE, little-endian) of everything before it
//
// Hashes come in order, so steps are small: about 4 bytes a hash, 180 B a second of
// audio. The checksum catches damage that would still decode to a valid print.
const (
	codecMagic   = "SAFP"
	codecVersion = 1
	crcSize      = 4
)

var (
	_ encoding.BinaryMarshaler   = (*Print)(nil)
	_ encoding.BinaryUnmarshaler = (*Print)(nil)
)

// MarshalBinary encodes the print. It fails only for a print Compute could not have
// made (hashes out of order, keys out of range).
func (p *Print) MarshalBinary() ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(codecMagic)+1+2*binary.MaxVarintLen64+4*len(p.Hashes)+crcSize)
	out = append(out, codecMagic...)
	out = append(out, codecVersion)
	out = binary.AppendUvarint(out, uint64(p.Frames))
	out = binary.AppendUvarint(out, uint64(len(p.Hashes)))
	var prev Hash
	for _, h := range p.Hashes {
		step := h.Frame - prev.Frame
		out = binary.AppendUvarint(out, uint64(step))
		if step == 0 {
			out = binary.AppendUvarint(out, uint64(h.Key-prev.Key))
		} else {
			out = binary.AppendUvarint(out, uint64(h.Key))
		}
		prev = h
	}
	return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(out)), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, replacing the print's contents. Any
// other bytes give an error wrapping ErrCorrupt.
func (p *Print) UnmarshalBinary(data []byte) error {
	header := len(codecMagic) + 1
	if len(data) < header+crcSize || string(data[:len(codecMagic)]) != codecMagic {
		return fmt.Errorf("%w: not a fingerprint", ErrCorrupt)
	}
	if v := data[len(codecMagic)]; v != codecVersion {
		return fmt.Errorf("%w: version %d, this build reads %d", ErrCorrupt, v, codecVersion)
	}
	body := data[:len(data)-crcSize]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(body):]) {
		return fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	r := body[header:]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(r)
		if n <= 0 {
			return 0, false
		}
		r = r[n:]
		return v, true
	}
	frames, ok1 := next()
	count, ok2 := next()
	// Every hash takes at least two bytes, which bounds what a count may claim.
	if !ok1 || !ok2 || frames > maxFrames || count > uint64(len(r)/2) {
		return fmt.Errorf("%w: bad header", ErrCorrupt)
	}
	decoded := Print{Frames: int(frames), Hashes: make([]Hash, count)}
	var prev Hash
	for i := range decoded.Hashes {
		step, ok1 := next()
		key, ok2 := next()
		if !ok1 || !ok2 || step > maxFrames || key >= 1<<keyBits {
			return fmt.Errorf("%w: bad hash %d", ErrCorrupt, i)
		}
		h := Hash{Frame: prev.Frame + uint32(step), Key: uint32(key)}
		if step == 0 {
			h.Key += prev.Key
		}
		decoded.Hashes[i] = h
		prev = h
	}
	if len(r) != 0 {
		return fmt.Errorf("%w: %d bytes after the last hash", ErrCorrupt, len(r))
	}
	if err := decoded.validate(); err != nil {
		return err
	}
	*p = decoded
	return nil
}
