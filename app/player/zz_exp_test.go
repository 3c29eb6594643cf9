package player

import (
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"stableaudio/backend/audio"
)

func sh(t *testing.T, c string) string {
	out, err := exec.Command("sh", "-c", c).CombinedOutput()
	t.Logf("$ %s\n%s %v", c, out, err)
	return strings.TrimSpace(string(out))
}

func TestExpLoss(t *testing.T) {
	os.MkdirAll("/tmp/pexp/rt", 0o700)
	sh(t, "PULSE_RUNTIME_PATH=/tmp/pexp/rt HOME=/tmp/pexp pulseaudio -n --daemonize=yes --system=false --exit-idle-time=-1 --use-pid-file=yes --realtime=no --high-priority=no --log-target=file:/tmp/pexp/log -L 'module-native-protocol-unix auth-anonymous=1 socket=/tmp/pexp/sock' -L module-null-sink")
	t.Setenv("PULSE_SERVER", "unix:/tmp/pexp/sock")
	buf := audio.NewBuffer(48000, 2, 48000*10)
	for i := range buf.Samples {
		buf.Samples[i] = float32(0.2 * math.Sin(float64(i/2)*2*math.Pi*440/48000))
	}
	p := New(Options{Backends: []malgo.Backend{malgo.BackendPulseaudio}, OnState: func(s State) {
		if !s.Playing {
			t.Logf("%v %+v", time.Now().Format("05.000"), s)
		}
	}})
	defer p.Close()
	p.Load("a", buf)
	if err := p.Play(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if os.Getenv("MODE") == "unload" {
		mod := sh(t, "pactl load-module module-null-sink sink_name=doomed")
		idx := sh(t, "pactl -f json list sink-inputs | python3 -c 'import json,sys,os; print([s[\"index\"] for s in json.load(sys.stdin) if s[\"properties\"].get(\"application.process.id\")==\""+itoa(os.Getpid())+"\"][0])'")
		sh(t, "pactl move-sink-input "+idx+" doomed")
		time.Sleep(300 * time.Millisecond)
		t.Logf("state %+v", p.State())
		sh(t, "pactl unload-module "+mod)
	} else {
		sh(t, "kill -9 $(cat /tmp/pexp/rt/pid)")
	}
	t0 := time.Now()
	for p.State().Playing && time.Since(t0) < 6*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("after %v state %+v", time.Since(t0), p.State())
	err := p.Play()
	t.Logf("replay: %v state %+v", err, p.State())
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat("", 0) + func() string { return fmtInt(i) }()) }
func fmtInt(i int) string { return string([]byte(func() string { s := ""; for i > 0 { s = string(rune('0'+i%10)) + s; i /= 10 }; return s }())) }
