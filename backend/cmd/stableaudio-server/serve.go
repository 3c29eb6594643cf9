package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"time"

	"stableaudio/backend/generate"
	"stableaudio/backend/generate/builtin"
	"stableaudio/backend/jobs"

	"stableaudio/backend/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var cfg config
	cfg.register(fs)
	addr := fs.String("addr", envOr("STABLEAUDIO_SERVER_ADDR", "127.0.0.1:8787"), "address to listen on")
	fs.IntVar(&cfg.workers, "workers", 1, "cloud jobs this process generates at once (0: leave them to `worker` processes)")
	cfg.jobsOptional = true // without ONNX Runtime the API still serves, and worker processes generate
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		s.Shutdown(ctx)
		return fmt.Errorf("cannot listen on %s (is another server running? choose one with --addr): %w", *addr, err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return s.Shutdown(shutdown)
	}
}

// runWorker: stableaudio-server worker generates cloud jobs, with no HTTP, beside servers
// started with --workers 0 (or more of them) on the same database and results folder.
func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("worker", stderr)
	var cfg config
	cfg.register(fs)
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "jobs generated at once")
	if err := parse(fs, args); err != nil {
		return err
	}
	if cfg.workers < 1 {
		return fmt.Errorf("--workers must be 1 or more (%w)", errUsage)
	}
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	err = s.Work(ctx)
	shutdown, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return errors.Join(err, s.Shutdown(shutdown))
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	var cfg config
	cfg.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openServer(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer s.Shutdown(ctx)
	fmt.Fprintf(stdout, "%s is up to date\n", s.DB.Where())
	return nil
}

// openServer opens (and migrates) the database and builds the services.
func openServer(ctx context.Context, cfg config, log *slog.Logger) (*server.Server, error) {
	plans, err := cfg.loadPlans()
	if err != nil {
		return nil, err
	}
	jc := jobs.Config{Dir: cfg.results, Workers: cfg.workers}
	if cfg.workers > 0 {
		if jc.Engine, err = openEngine(cfg.ortLib); err != nil && !cfg.jobsOptional {
			return nil, err
		} else if err != nil {
			log.Warn("cloud jobs are queued but not generated here", "err", err)
		}
	}
	return server.Open(ctx, server.Config{Database: cfg.db, Uploads: cfg.uploads, Plans: plans, Log: log,
		Billing: cfg.billing(plans), Jobs: jc, LicenseKey: cfg.licenseKey})
}

// openEngine loads ONNX Runtime and the built-in model, which cloud jobs are made with.
func openEngine(libraryPath string) (generate.Engine, error) {
	if _, err := generate.LoadRuntime(libraryPath); err != nil {
		return nil, fmt.Errorf("cloud generation needs ONNX Runtime (--ort-lib, or --workers 0 to leave jobs to worker processes): %w", err)
	}
	e, err := builtin.New()
	if err != nil {
		return nil, err
	}
	return e, nil
}
