package builtin

import (
	"bytes"
	"context"
	"os"
	"runtime/debug"
	"strconv"
	"testing"

	"stableaudio/backend/generate"
)

// The whole model as the app runs it — compose, perform, render in ONNX Runtime, master —
// for a full arrangement. x-realtime is seconds of audio per second of work; peak-MB is
// the process's peak resident memory so far (Linux), which covers the runtime's own
// allocations that Go's counters do not see. The heap is limited as the app limits it.
func BenchmarkGenerate30s(b *testing.B)  { benchmarkGenerate(b, 30) }
func BenchmarkGenerate190s(b *testing.B) { benchmarkGenerate(b, 190) }

func benchmarkGenerate(b *testing.B, seconds float64) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(SoftMemoryLimit))
	if _, err := generate.LoadRuntime(""); err != nil {
		b.Fatal(err)
	}
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	req := generate.Request{Prompt: "driving techno, 130 BPM, A minor", Seconds: seconds, Seed: 3}
	for b.Loop() {
		if _, err := e.Generate(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
	if mb, ok := peakResidentMB(); ok {
		b.ReportMetric(mb, "peak-MB")
	}
}

// peakResidentMB reads VmHWM, the peak resident set, from /proc.
func peakResidentMB() (float64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range bytes.Lines(status) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, err := strconv.ParseFloat(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}
