package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"stableaudio/backend/fingerprint"
)

func runCatalog(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runSub(ctx, map[string]command{
		"add":   catalogAdd,
		"scan":  catalogScan,
		"print": catalogPrint,
	}, "catalog add FILE|DIR… | scan FILE | print FILE [flags]", args, stdout, stderr)
}

// audioExtensions are the files `catalog add` picks out of a folder.
var audioExtensions = []string{".wav", ".wave", ".aif", ".aiff", ".aifc", ".flac", ".mp3", ".ogg", ".opus", ".m4a"}

// catalogAdd: stableaudio-server catalog add [flags] FILE|DIR…: each recording is
// fingerprinted as it is read and stored under its file name as the title.
func catalogAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := newFlags("catalog add", stderr)
	cfg.register(fs)
	if err := parseWithArgs(fs, args); err != nil {
		return err
	}
	files, err := audioFiles(fs.Args())
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no audio files in %s (%w)", strings.Join(fs.Args(), ", "), errUsage)
	}
	s, err := openServer(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	bar := progress{w: stderr, total: len(files)}
	var failed []string
	var added time.Duration
	for i, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		bar.show(i, filepath.Base(path))
		p, err := fingerprint.ComputeFile(path)
		if err == nil {
			title := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			_, err = s.Catalog.AddPrint(ctx, title, path, p)
			added += p.Duration()
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", path, err))
		}
	}
	bar.done()
	fmt.Fprintf(stdout, "added %d of %d recordings (%s); the catalog holds %d\n",
		len(files)-len(failed), len(files), added.Round(time.Second), s.Catalog.Len())
	if len(failed) > 0 {
		return fmt.Errorf("%d recordings could not be added:\n  %s", len(failed), strings.Join(failed, "\n  "))
	}
	return nil
}

// catalogScan: stableaudio-server catalog scan [flags] FILE prints the verdict as one
// JSON object: {"matched": …, "track": {"id", "title", "source"}, "offset": s, "confidence": 0..1}.
func catalogScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	fs := newFlags("catalog scan", stderr)
	cfg.register(fs)
	p, err := printOneFile(fs, args)
	if err != nil {
		return err
	}
	s, err := openServer(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	v, err := s.Catalog.ScanPrint(p)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(v)
}

// printOneFile parses flags followed by exactly one audio file, and fingerprints it.
func printOneFile(fs *flag.FlagSet, args []string) (*fingerprint.Print, error) {
	if err := parseWithArgs(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(fs.Output(), "%s takes one file\n", fs.Name())
		return nil, errUsage
	}
	return fingerprint.ComputeFile(fs.Arg(0))
}

// parseWithArgs parses flags that may be followed by arguments (files).
func parseWithArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// audioFiles expands folders (recursively) into their audio files, sorted, and keeps
// files named directly whatever their extension.
func audioFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && slices.Contains(audioExtensions, strings.ToLower(filepath.Ext(path))) {
				out = append(out, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// progress draws a one-line progress bar on a terminal (or any writer): the bar, the
// count and the file being worked on, redrawn in place.
type progress struct {
	w     io.Writer
	total int
}

const progressWidth = 30

func (p progress) show(done int, name string) {
	filled := progressWidth * done / p.total
	if len(name) > 40 {
		name = name[:37] + "…"
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %-40s", strings.Repeat("#", filled), strings.Repeat(".", progressWidth-filled), done, p.total, name)
}

func (p progress) done() {
	p.show(p.total, "")
	fmt.Fprintln(p.w)
}

// catalogPrint: stableaudio-server catalog print FILE prints what the scan sees of a
// recording, as JSON: its length, the number of hashes and the size of the stored print.
// No database is opened, so it also times fingerprinting alone
// (scripts/bench-fingerprint.sh compares it with Chromaprint's fpcalc).
func catalogPrint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	p, err := printOneFile(newFlags("catalog print", stderr), args)
	if err != nil {
		return err
	}
	data, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(struct {
		Seconds float64 `json:"seconds"`
		Hashes  int     `json:"hashes"`
		Bytes   int     `json:"bytes"`
	}{p.Duration().Seconds(), len(p.Hashes), len(data)})
}
