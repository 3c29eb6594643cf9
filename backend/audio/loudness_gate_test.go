package audio

import (
	"math"
	"testing"
)

func TestGatesIgnoreSilenceAndQuietPassages(t *testing.T) {
	loud := toneSeg{30, -20}
	ref, err := IntegratedLoudness(toneSegments(48000, 2, 1000, nil, loud))
	if err != nil {
		t.Fatal(err)
	}
	silence := math.Inf(-1)
	// powerMean is the loudness of the two levels averaged as powers, what an ungated
	// meter (or a gate that lets the quiet part through) reads for equal durations.
	powerMean := func(quietDB float64) float64 {
		return ref + 10*math.Log10((1+math.Pow(10, (quietDB+20)/10))/2)
	}
	tests := []struct {
		name    string
		segs    []toneSeg
		want    float64
		ungated float64 // what the signal would read without the gate under test
	}{
		// The blocks that straddle an edge are partly loud and pass both gates, which is
		// what the standard does; they cost ~0.03 LU here, hence the 0.05 tolerance.
		{"60 s of digital silence around", []toneSeg{{30, silence}, loud, {30, silence}}, ref, ref - 10*math.Log10(3)},
		{"30 s at −80 dBFS, under the absolute gate", []toneSeg{loud, {30, -80}}, ref, ref - 3.01},
		{"30 s at −35 dBFS, under the relative gate", []toneSeg{loud, {30, -35}}, ref, powerMean(-35)},
		{"30 s at −25 dBFS, above the relative gate", []toneSeg{loud, {30, -25}}, powerMean(-25), ref},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IntegratedLoudness(toneSegments(48000, 2, 1000, nil, tt.segs...))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 0.05 {
				t.Errorf("loudness = %.3f LUFS, want %.3f (the loud part alone reads %.3f)", got, tt.want, ref)
			}
			if math.Abs(tt.ungated-tt.want) < 0.5 {
				t.Errorf("the case does not tell gated from ungated: %.3f vs %.3f", tt.want, tt.ungated)
			}
		})
	}
}

func TestIntegratedLoudnessEdgeCases(t *testing.T) {
	withNaN := toneSegments(44100, 2, 1000, nil, toneSeg{2, -20})
	withNaN.Samples[44100*2+1] = float32(math.NaN())
	withInf := toneSegments(44100, 1, 1000, nil, toneSeg{2, -20})
	withInf.Samples[100] = float32(math.Inf(1))
	tests := []struct {
		name    string
		buf     *Buffer
		wantErr bool // otherwise the result must be -Inf
	}{
		{"nil buffer", nil, true},
		{"no channels", &Buffer{SampleRate: 44100, Channels: 0}, true},
		{"no sample rate", &Buffer{SampleRate: 0, Channels: 2, Samples: make([]float32, 4)}, true},
		{"ragged samples", &Buffer{SampleRate: 44100, Channels: 2, Samples: make([]float32, 3)}, true},
		{"NaN sample", withNaN, true},
		{"infinite sample", withInf, true},
		{"empty", NewBuffer(44100, 2, 0), false},
		{"shorter than one 400 ms block", toneSegments(44100, 2, 1000, nil, toneSeg{0.39, 0}), false},
		{"digital silence", NewBuffer(44100, 2, 44100*5), false},
		{"under the absolute gate", toneSegments(44100, 2, 1000, nil, toneSeg{5, -75}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IntegratedLoudness(tt.buf)
			switch {
			case tt.wantErr && err == nil:
				t.Fatalf("loudness = %v, want an error", got)
			case !tt.wantErr && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case !tt.wantErr && !math.IsInf(got, -1):
				t.Fatalf("loudness = %v, want -Inf", got)
			}
		})
	}
}

func TestDCOffset(t *testing.T) {
	// Whole cycles of a 1 kHz tone average to zero, so the offset is exactly what was added.
	offsetTone := func(offsets ...float32) *Buffer {
		b := toneSegments(48000, len(offsets), 1000, nil, toneSeg{1, -6})
		for i := range b.Samples {
			b.Samples[i] += offsets[i%len(offsets)]
		}
		return b
	}
	tests := []struct {
		name string
		buf  *Buffer
		want []float64
	}{
		{"centred stereo", offsetTone(0, 0), []float64{0, 0}},
		{"offset per channel", offsetTone(0.1, -0.25), []float64{0.1, -0.25}},
		{"mono", offsetTone(0.01), []float64{0.01}},
		{"empty stereo", NewBuffer(48000, 2, 0), []float64{0, 0}},
		{"nil", nil, nil},
		{"no channels", &Buffer{SampleRate: 48000}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DCOffset(tt.buf)
			if len(got) != len(tt.want) || (tt.want == nil) != (got == nil) {
				t.Fatalf("DCOffset = %v, want %v", got, tt.want)
			}
			for c := range got {
				if math.Abs(got[c]-tt.want[c]) > 1e-6 {
					t.Errorf("channel %d offset = %.7f, want %.7f", c+1, got[c], tt.want[c])
				}
			}
		})
	}
}
