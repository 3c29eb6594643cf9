// Package builtin is the built-in music model: it understands the prompt, composes a score
// from it and the seed, performs the score as synthesiser controls, renders them with the
// ONNX synthesis graph and masters the result. No trained weights are involved; every
// sample is computed by ONNX Runtime executing the graph.
package builtin

import (
	"context"
	"fmt"

	"stableaudio/backend/audio"
	"stableaudio/backend/generate"
	"stableaudio/backend/generate/compose"
	"stableaudio/backend/generate/perform"
	"stableaudio/backend/generate/prompt"
	"stableaudio/backend/generate/synthgraph"
)

// Mastering targets: streaming-platform loudness with headroom for lossy encoding.
const (
	TargetLUFS  = -14
	CeilingDBTP = -1
)

// Track is a rendered piece with what it was made from.
type Track struct {
	Audio *audio.Buffer
	Score *compose.Score
	Plan  prompt.Resolved
}

// Render makes the track for a prompt: composition in Go, sound from the ONNX graph.
func Render(ctx context.Context, r *synthgraph.Renderer, req generate.Request, arrange bool) (*Track, error) {
	plan, score, err := Compose(req, arrange)
	if err != nil {
		return nil, err
	}
	controls, err := perform.Perform(score, r.Config())
	if err != nil {
		return nil, err
	}
	// Progress counts the rendered chunks and one more step for mastering.
	steps := 0
	report := func(done int, stage string) {
		if req.OnProgress != nil {
			req.OnProgress(generate.Progress{Done: done, Total: steps, Stage: stage})
		}
	}
	rate := r.Config().SampleRate
	samples := int(score.Duration()*float64(rate) + 0.5)
	rendered := samples
	if score.Loop {
		rendered += int(loopTail * float64(rate))
	}
	buf, err := r.Render(ctx, controls, synthgraph.RenderOptions{Seed: req.Seed, Samples: rendered,
		OnProgress: func(done, total int) {
			steps = total + 1
			report(done, "rendering")
		}})
	if err != nil {
		return nil, err
	}
	if score.Loop {
		wrapTail(buf, samples)
	}
	audio.RemoveDC(buf, score.Loop)
	if _, err := audio.Normalize(buf, TargetLUFS, CeilingDBTP); err != nil {
		return nil, fmt.Errorf("mastering: %w", err)
	}
	report(steps, "mastering")
	return &Track{Audio: buf, Score: score, Plan: plan}, nil
}

// loopTail is how long a loop keeps sounding past its end (releases, cymbals) — rendered
// and folded back onto its start.
const loopTail = 2.0

// wrapTail makes a loop seamless: what sounds after the loop's end (the tail of its last
// notes) is added to its beginning, as it would be heard when the loop repeats, and the
// buffer is cut to the loop's length.
func wrapTail(b *audio.Buffer, frames int) {
	ch := b.Channels
	tail := b.Samples[frames*ch:]
	for i, v := range tail {
		b.Samples[i%(frames*ch)] += v
	}
	b.Samples = b.Samples[:frames*ch]
}

// Compose understands the prompt, listens to the input of audio to audio, fills the rest
// from the seed and writes the score.
func Compose(req generate.Request, arrange bool) (prompt.Resolved, *compose.Score, error) {
	if !(req.Strength >= 0 && req.Strength <= 1) {
		return prompt.Resolved{}, nil, fmt.Errorf("%w: strength %v is out of range; use 0 (only the prompt) to 1 (as much of the input as possible)",
			generate.ErrBadRequest, req.Strength)
	}
	plan := prompt.Understand(req.Prompt, req.Negative).Resolve(req.Seed)
	var guide *compose.Guide
	if req.Input != nil && req.Strength > 0 {
		h, err := listen(req.Input)
		if err != nil {
			return prompt.Resolved{}, nil, err
		}
		guide = follow(&plan, h, req.Strength)
	}
	instruments := make([]string, len(plan.Instruments))
	for i, in := range plan.Instruments {
		instruments[i] = string(in)
	}
	score, err := compose.Compose(compose.Spec{
		Seconds: req.Seconds, BPM: plan.BPM, Tonic: plan.Key.Tonic, Minor: plan.Key.Minor,
		Genre: string(plan.Genre), Instruments: instruments, Energy: plan.Energy, Brightness: plan.Brightness,
		Loop: plan.Loop, Arrange: arrange, Seed: req.Seed, Guide: guide,
	})
	if err != nil {
		return prompt.Resolved{}, nil, fmt.Errorf("%w: %v", generate.ErrBadRequest, err)
	}
	return plan, score, nil
}
