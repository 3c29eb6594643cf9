package builtin

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"stableaudio/backend/audio/analysis"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/synthgraph"
)

func TestZZDebugKeys(t *testing.T) {
	rows := strings.Split(os.Getenv("ROWS"), ";")
	generate.LoadRuntime("")
	r, _ := synthgraph.NewRenderer(synthgraph.DefaultConfig())
	defer r.Close()
	for _, row := range rows {
		var seed int64
		var p string
		fmt.Sscanf(row[:strings.Index(row, ":")], "%d", &seed)
		p = row[strings.Index(row, ":")+1:]
		tr, _ := Render(context.Background(), r, generate.Request{Prompt: p, Seconds: 20, Seed: seed}, "", false)
		ch, _ := analysis.Chroma(tr.Audio)
		k, conf := analysis.KeyFromChroma(ch)
		var sb strings.Builder
		for _, c := range tr.Score.Chords {
			fmt.Fprintf(&sb, "%s%s:%g ", analysis.PitchClassNames[c.Root], c.Quality, c.Beats)
		}
		fmt.Printf("%s seed %d bpm %.0f insts %v\n  chords %s\n  chroma", p, seed, tr.Score.BPM, tr.Score.Instruments, sb.String())
		for i, v := range ch {
			fmt.Printf(" %s=%.3f", analysis.PitchClassNames[i], v)
		}
		fmt.Printf("\n  found %s %.2f\n", k, conf)
		for part, notes := range tr.Score.Parts {
			if part == "drums" { continue }
			var pc [12]float64
			for _, n := range notes { pc[n.Pitch%12] += n.Duration * n.Velocity }
			fmt.Printf("  %-6s", part)
			for i, v := range pc { if v > 0 { fmt.Printf(" %s=%.0f", analysis.PitchClassNames[i], v) } }
			fmt.Println()
		}
	}
}
