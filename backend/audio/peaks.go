package audio

import "math"

// Peaks summarises the buffer for a waveform display: for each of n columns, the largest
// absolute sample value over all channels in that stretch of time, in [0, 1].
func Peaks(b *Buffer, n int) []float32 {
	frames := b.Frames()
	if n <= 0 || frames == 0 {
		return []float32{}
	}
	if n > frames {
		n = frames
	}
	out := make([]float32, n)
	for col := range n {
		start := col * frames / n
		end := (col + 1) * frames / n
		var peak float32
		for _, v := range b.Samples[start*b.Channels : end*b.Channels] {
			peak = max(peak, float32(math.Abs(float64(v))))
		}
		out[col] = min(peak, 1)
	}
	return out
}
