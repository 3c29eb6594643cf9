package recorder

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/app/recorder/pulsetest"
)

// The loopback test against a null sink whose monitor is the input, with a LADSPA delay
// line (swh-plugins' delay_n, exact to the sample) in front of the sink: each added delay
// comes back in the round trip it reports, within 5 ms.
func TestLoopbackReportsTheAddedDelay(t *testing.T) {
	p := pulsetest.Start(t)
	p.Pactl("load-module", "module-null-sink", "sink_name=cable")
	measure := func(delay time.Duration) time.Duration {
		t.Helper()
		sink := fmt.Sprintf("delay%d", delay.Milliseconds())
		p.Pactl("load-module", "module-ladspa-sink", "sink_name="+sink, "sink_master=cable",
			"plugin=delay_1898", "label=delay_n", fmt.Sprintf("control=1,%g", delay.Seconds()))
		rt, err := Loopback(LoopbackOptions{Backends: []malgo.Backend{malgo.BackendPulseaudio}, OutputID: sink, InputID: "cable.monitor"})
		if err != nil {
			t.Fatal(err)
		}
		return rt
	}
	base := measure(0)
	t.Logf("round trip with nothing added: %v", base)
	for _, added := range []time.Duration{50 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond} {
		rt := measure(added)
		t.Logf("with %v added: round trip %v, %v more", added, rt, rt-base)
		if d := rt - base - added; d < -5*time.Millisecond || d > 5*time.Millisecond {
			t.Errorf("with %v added the round trip grew by %v, want %v ± 5 ms", added, rt-base, added)
		}
		if w := (Latency{RoundTrip: rt}).Warning(); (w != nil) != (rt > highRoundTrip) {
			t.Errorf("a round trip of %v: warning %+v", rt, w)
		}
	}
}

// With nothing connecting the output to the input, the clicks are not heard, and the
// test says so rather than reporting a number.
func TestLoopbackWithoutACable(t *testing.T) {
	p := pulsetest.Start(t)
	p.Mic("quietmic", "Quiet_Microphone")
	_, err := Loopback(LoopbackOptions{Backends: []malgo.Backend{malgo.BackendPulseaudio}, InputID: "quietmic"})
	if !errors.Is(err, ErrNoLoopback) {
		t.Errorf("no cable: %v, want ErrNoLoopback", err)
	}
}
