package recorder

import (
	"fmt"
	"time"
)

// Latency is how late the recording is against the sound: what the audio system buffers
// before the app sees a sample, and, once the loopback test has run, the round trip
// measured from a click played to the click recorded.
type Latency struct {
	Buffer    time.Duration `json:"buffer"`    // period × periods at the device's rate, as negotiated
	RoundTrip time.Duration `json:"roundTrip"` // measured by Loopback; 0 until then
}

const (
	// highBufferLatency: a musician playing along to a beat hears a delay of about
	// 20 ms or more (standing 7 m from the speaker); at twice that, takes land audibly
	// late, and Bluetooth's 100–300 ms is far beyond it.
	highBufferLatency = 40 * time.Millisecond
	// highRoundTrip allows for the output's buffer too, which the round trip includes.
	highRoundTrip = 80 * time.Millisecond
)

// bufferLatency is how much audio the capture buffer holds: periods of periodFrames
// frames at rate.
func bufferLatency(periodFrames, periods, rate int) time.Duration {
	if rate <= 0 {
		return 0
	}
	return time.Duration(int64(periodFrames) * int64(max(periods, 1)) * int64(time.Second) / int64(rate))
}

// Warning is what the user should hear about this latency, nil when it is fine.
func (l Latency) Warning() *Warning {
	switch {
	case l.RoundTrip > highRoundTrip:
		return &Warning{Code: "latency", Message: fmt.Sprintf("The measured round trip is %d ms: takes will land late "+
			"against the beat. A wired microphone or audio interface, with a smaller buffer, keeps it under %d ms.",
			l.RoundTrip.Milliseconds(), highRoundTrip.Milliseconds())}
	case l.Buffer > highBufferLatency:
		return &Warning{Code: "latency", Message: fmt.Sprintf("This input buffers %d ms of audio before the app hears it: "+
			"takes will land late against the beat. A wired microphone or audio interface keeps it under %d ms.",
			l.Buffer.Milliseconds(), highBufferLatency.Milliseconds())}
	}
	return nil
}
