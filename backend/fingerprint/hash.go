package fingerprint

import (
	"cmp"
	"slices"
)

// Pairing: each peak is an anchor for up to fanout later peaks in its target zone,
// 1–63 frames (16 ms – 1 s) ahead and within ±maxDeltaBin bins (±1 kHz). A hash of two
// peaks survives when both peaks do, so a few pairs per anchor is the trade between
// matches that survive noise and an index that stays small.
const (
	fanout      = 3
	maxDeltaT   = 1<<deltaTBits - 1
	maxDeltaBin = 1<<(deltaBinBits-1) - 1

	// A key packs the anchor's bin (8 bits), the bin difference (7 bits, offset to be
	// non-negative) and the frame difference (6 bits).
	deltaTBits   = 6
	deltaBinBits = 7
	binBits      = 8
	keyBits      = binBits + deltaBinBits + deltaTBits
)

// Every bin from minBin to maxBin must fit in binBits, or keys would collide: this does
// not compile otherwise.
const _ = uint(1<<binBits - bins)

// pairKey is the hash of an anchor at bin f1 and a target df bins above it, dt frames
// later.
func pairKey(f1, df, dt int32) uint32 {
	return uint32(f1)<<(deltaBinBits+deltaTBits) | uint32(df+maxDeltaBin)<<deltaTBits | uint32(dt)
}

// pairUp hashes the peaks, which must be in time order, into a print's hashes sorted by
// frame and key.
func pairUp(peaks []peak) []Hash {
	hashes := make([]Hash, 0, fanout*len(peaks))
	for i, a := range peaks {
		n := 0
		for _, b := range peaks[i+1:] {
			dt := b.frame - a.frame
			if dt == 0 {
				continue
			}
			if dt > maxDeltaT {
				break
			}
			df := b.bin - a.bin
			if df < -maxDeltaBin || df > maxDeltaBin {
				continue
			}
			hashes = append(hashes, Hash{Key: pairKey(a.bin, df, dt), Frame: uint32(a.frame)})
			if n++; n == fanout {
				break
			}
		}
	}
	slices.SortFunc(hashes, compareHashes)
	return slices.Compact(hashes)
}

func compareHashes(a, b Hash) int {
	return cmp.Or(cmp.Compare(a.Frame, b.Frame), cmp.Compare(a.Key, b.Key))
}
