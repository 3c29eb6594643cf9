package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"stableaudio/backend/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var cfg config
	cfg.register(fs)
	addr := fs.String("addr", envOr("STABLEAUDIO_SERVER_ADDR", "127.0.0.1:8787"), "address to listen on")
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
	return server.Open(ctx, server.Config{Database: cfg.db, Uploads: cfg.uploads, Plans: plans, Log: log, Billing: cfg.billing(plans)})
}
